import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender like / pass', () => {
  let api: TestApi;
  let me: TestUser;
  let sam: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    me = await person(api.url, 'me_user', { zipCode: '10001' });
    sam = await person(api.url, 'sam', { zipCode: '10002' });
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, me), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when the like is not returned (yet), then says so and exits 4', async () => {
    const result = await friender(['like', 'sam']);
    expect(result.code).to.equal(4);
    expect(result.stderr).to.equal("You liked sam. If they like you too, it's a match.\n");
  });

  it('when the like completes a match, then says so and exits 0; --json tells the same', async () => {
    await answer(api.url, sam, 'me_user', 'like');
    const result = await friender(['like', 'SAM', '--json']);
    expect(result.code).to.equal(0);
    const out = JSON.parse(result.stdout);
    expect(out).to.deep.include({ username: 'sam', answer: 'like', matched: true });
    expect(out.match).to.match(/^\/matches\/[0-9a-f-]{36}$/);
  });

  it('when passing, then exits 0 and sam is not a candidate any more', async () => {
    const result = await friender(['pass', 'sam']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('You passed on sam.\n');
    expect((await call(api.url, 'GET', '/candidates', { token: me.token })).body.count).to.equal(0);
  });

  it('when the same like or pass is given twice, then the second is a no-op with the same answer (idempotent)', async () => {
    expect((await friender(['like', 'sam'])).code).to.equal(4);
    const again = await friender(['like', 'sam']);
    expect([again.code, again.stderr]).to.deep.equal([4, "You liked sam. If they like you too, it's a match.\n"]);
    await person(api.url, 'pat', { zipCode: '10002' });
    expect((await friender(['pass', 'pat'])).code).to.equal(0);
    const passAgain = await friender(['pass', 'pat', '--json']);
    expect(passAgain.code).to.equal(0);
    expect(JSON.parse(passAgain.stdout)).to.deep.equal({ username: 'pat', answer: 'pass', matched: false });
  });

  it('when a like that made a match is repeated, then it still says match and exits 0', async () => {
    await answer(api.url, sam, 'me_user', 'like');
    expect((await friender(['like', 'sam'])).code).to.equal(0);
    const again = await friender(['like', 'sam', '--json']);
    expect(again.code).to.equal(0);
    expect(JSON.parse(again.stdout)).to.deep.include({ username: 'sam', answer: 'like', matched: true });
  });

  it('when the answer would change (a pass, then a like), then exits 1 with the API reason', async () => {
    await friender(['pass', 'sam']);
    const result = await friender(['like', 'sam']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Already answered: You already passed on sam; an answer cannot be changed.\n');
  });

  it('when the name is not a candidate, then exits 1 saying so', async () => {
    const result = await friender(['like', 'nobody_at_all']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Not found: nobody_at_all is not one of your candidates.\n');
  });

  it('when not logged in, then exits 3', async () => {
    expect((await friender(['like', 'sam'], { store: undefined })).code).to.equal(3);
  });
});
