import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { expectSecurityHeaders } from '../../helpers/headers.js';

describe('http: security headers on every answer', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const answers: Array<[string, number, () => Promise<Reply>]> = [
    ['the root', 200, () => call(api.url, 'GET', '/')],
    ['the profile without a token', 401, () => call(api.url, 'GET', '/me')],
    ['an unknown path', 404, () => call(api.url, 'GET', '/nothing/here')],
    ['a method the resource does not have', 405, () => call(api.url, 'PUT', '/')],
    ['malformed JSON, refused by the body parser', 400, () => call(api.url, 'POST', '/accounts', { body: '{"username": ', headers: { 'content-type': 'application/json' } })],
  ];
  for (const [what, status, send] of answers) {
    it(`when asked for ${what}, then the ${status} carries them`, async () => {
      const reply = await send();
      expect(reply.status).to.equal(status);
      expectSecurityHeaders((name) => reply.headers.get(name), what);
    });
  }
});
