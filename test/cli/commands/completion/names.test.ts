import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import type { TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';
import { matchedAna } from '../../helpers/matched.js';

describe('friender __complete (usernames for shell completion)', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (ana = await matchedAna(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when asked for candidates, then prints their usernames one a line', async () => {
    const result = await friender(['__complete', 'candidates']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'ben\n', '']);
  });

  it('when asked for matches, then prints the usernames of the matches, newest first', async () => {
    const result = await friender(['__complete', 'matches']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'dan\ncleo\n', '']);
  });

  it('when not logged in, or the source is unknown, then prints nothing and succeeds, without a prompt', async () => {
    const anonymous = await cli(['__complete', 'matches'], { tty: true, env: { FRIENDER_API_URL: api.url } });
    expect([anonymous.code, anonymous.stdout, anonymous.stderr, anonymous.prompter.asked]).to.deep.equal([0, '', '', []]);
    const unknown = await friender(['__complete', 'photos']);
    expect([unknown.code, unknown.stdout, unknown.stderr]).to.deep.equal([0, '', '']);
  });

  it('when the API cannot be reached or rejects the login, then prints nothing, quickly, and succeeds', async () => {
    const started = Date.now();
    const down = await friender(['__complete', 'candidates'], { env: { FRIENDER_API_URL: 'http://127.0.0.1:9' }, store: storeWith('http://127.0.0.1:9', ana) });
    expect([down.code, down.stdout, down.stderr]).to.deep.equal([0, '', '']);
    const rejected = await friender(['__complete', 'matches'], { env: { FRIENDER_TOKEN: 'not-a-token' } });
    expect([rejected.code, rejected.stdout, rejected.stderr]).to.deep.equal([0, '', '']);
    expect(Date.now() - started).to.be.lessThan(2000);
  });
});
