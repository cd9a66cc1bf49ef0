import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { apiRoot, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender whoami', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when logged in, then prints the username alone on stdout', async () => {
    const result = await friender(['whoami'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${user.username}\n`);
    expect(result.stderr).to.equal('');
  });

  it('when --json is given, then prints who, where and whence the token came as JSON', async () => {
    const result = await friender(['whoami', '--json'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout)).to.deep.equal({ username: user.username, email: user.email, api: apiRoot(api.url), tokenSource: 'store', snoozed: false, snoozedUntil: null });
  });

  it('when FRIENDER_TOKEN is set, then it wins over the stored login', async () => {
    const other = await signup(api.url);
    const result = await friender(['whoami', '--json'], { store: storeWith(api.url, user), env: { FRIENDER_TOKEN: other.token } });
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.include({ username: other.username, tokenSource: 'env' });
  });

  it('when --api names the server, then it wins over FRIENDER_API_URL', async () => {
    const result = await cli(['whoami', '--api', api.url], { store: storeWith(api.url, user), env: { FRIENDER_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${user.username}\n`);
  });

  it('when not logged in, then exits 3 saying how to log in', async () => {
    const result = await friender(['whoami']);
    expect(result.code).to.equal(3);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(`Not logged in to ${apiRoot(api.url)}.\nRun \`friender login\` (or \`friender signup\`), or set FRIENDER_TOKEN.\n`);
  });

  it('when the only stored login is for another API, then it is not used (exit 3)', async () => {
    const result = await friender(['whoami'], { store: storeWith('http://other.example:3000', user) });
    expect(result.code).to.equal(3);
  });

  it('when the stored token was revoked, then exits 3 with the API reason and a hint to log in', async () => {
    await call(api.url, 'DELETE', '/sessions/current', { token: user.token });
    const result = await friender(['whoami'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal('Not logged in: The token is invalid, expired or logged out; log in again.\nRun `friender login` to log in.\n');
  });

  it('when FRIENDER_TOKEN is garbage, then exits 3', async () => {
    const result = await friender(['whoami'], { env: { FRIENDER_TOKEN: 'garbage' } });
    expect(result.code).to.equal(3);
  });
});
