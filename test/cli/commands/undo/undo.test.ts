import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender undo', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    await person(api.url, 'ben', { zipCode: '10002' });
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when the last answer is a pass, then takes it back and says who is restored; they are a candidate again', async () => {
    expect((await friender(['pass', 'ben'])).code).to.equal(0);
    expect((await friender(['candidates'])).stdout).to.equal('');
    const result = await friender(['undo']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('Took back your pass on ben: they can show up in your deck again.\n');
    expect((await friender(['candidates'])).stdout).to.match(/^ben, /);
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).status).to.equal(404);
  });

  it('when --json is given, then prints who was restored', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    const result = await friender(['undo', '--json']);
    expect(JSON.parse(result.stdout)).to.deep.equal({ username: 'ben', undone: 'pass' });
  });

  it('when there is nothing to undo (no answer, or the last was a like), then exit 1 saying why, and the like stands', async () => {
    const none = await friender(['undo']);
    expect(none.code).to.equal(1);
    expect(none.stderr).to.match(/^Nothing to undo: only your latest answer can be taken back/);
    await answer(api.url, ana, 'ben', 'like');
    const liked = await friender(['undo']);
    expect(liked.code).to.equal(1);
    expect(liked.stderr).to.include('unmatch');
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body.answer).to.equal('like');
  });
});
