import { expect } from 'chai';
import { findLeak } from '../../helpers/http.js';

// The root hook runs findLeak over every response of every API test; this proves it would notice.
describe('http: the password-and-hash scan applied after every API test', () => {
  it('when a response holds a bcrypt hash, reports it', () => {
    expect(findLeak(['{"passwordHash":"$2b$12$abcdefghijklmnopqrstuv"}'], [])).to.match(/bcrypt hash/);
  });

  it('when a response holds a password sent by the test, reports it, JSON-escaped too', () => {
    expect(findLeak(['{"echo":"hunter22"}'], ['hunter22'])).to.match(/password/);
    expect(findLeak(['{"echo":"quote\\"inside"}'], ['quote"inside'])).to.match(/password/);
  });

  it('when responses are clean, reports nothing', () => {
    expect(findLeak(['{"username":"ada"}'], ['hunter22'])).to.equal(undefined);
  });
});
