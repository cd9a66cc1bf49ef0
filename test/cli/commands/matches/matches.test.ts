import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { BIRTH_DATE, answer, person, type TestUser } from '../../../helpers/factories.js';
import { ageOn } from '../../../../api/accounts/schemas.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender matches / unmatch', () => {
  let api: TestApi;
  let me: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (me = await person(api.url, 'matcher', { zipCode: '10001', hobbies: ['chess'] })));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, me), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const matchWith = async (name: string) => {
    const other = await person(api.url, name, { zipCode: '10002', hobbies: ['chess'] });
    await answer(api.url, other, 'matcher', 'like');
    await answer(api.url, me, name, 'like');
    return other;
  };

  it('when there are matches, then lists them newest first; --json gives each with its user', async () => {
    await matchWith('first_match');
    await matchWith('second_match');
    const result = await friender(['matches']);
    expect(result.code).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    // Each line starts with the name and the age beside it.
    expect(lines.map((l) => l.split(',')[0])).to.deep.equal(['second_match', 'first_match']);
    expect(lines[0]).to.match(new RegExp(`^second_match, ${ageOn(BIRTH_DATE, new Date().toISOString().slice(0, 10))} `));
    expect(lines[0]).to.match(/shares chess, jazz, cooking {3}matched \d{4}-\d\d-\d\d$/);
    const json = JSON.parse((await friender(['matches', '--json'])).stdout);
    expect(json.count).to.equal(2);
    expect(json.matches[0]).to.have.keys('id', 'username', 'createdAt', 'unread', 'lastMessage', 'user');
    expect(json.matches[0].user.shared).to.deep.equal({ hobbies: ['chess'], interests: ['jazz', 'cooking'] });
  });

  it('when there are none, then says how to find some', async () => {
    const result = await friender(['matches']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.match(/^No matches yet\./);
  });

  it('when unmatching without a terminal and without --yes, then exits 2 naming --yes and the match stays', async () => {
    await matchWith('not_yet');
    const result = await friender(['unmatch', 'not_yet']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('Unmatching needs --yes when stdin is not a terminal (nothing is asked).\nFor example: friender unmatch not_yet --yes\n');
    expect((await call(api.url, 'GET', '/matches', { token: me.token })).body.count).to.equal(1);
  });

  it('when unmatching without a terminal with --yes, then ends it for both at once', async () => {
    const other = await matchWith('ex_match');
    const result = await friender(['unmatch', 'ex_match', '--yes']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('Unmatched ex_match.\n');
    expect((await call(api.url, 'GET', '/matches', { token: other.token })).body.count).to.equal(0);
  });

  it('when unmatching on a terminal, then asks first, and no keeps the match', async () => {
    await matchWith('kept');
    const result = await friender(['unmatch', 'kept'], { tty: true, env: { NO_COLOR: '1' }, answers: [{ message: /^Unmatch kept\?/, answer: false }] });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Still matched.\n');
    expect((await call(api.url, 'GET', '/matches', { token: me.token })).body.count).to.equal(1);
  });

  it('when there is no such match, then exits 1 pointing to the list', async () => {
    const result = await friender(['unmatch', 'stranger', '--yes']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('You have no match with stranger.\nSee your matches with `friender matches`.\n');
  });
});
