import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { apiRoot, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender logout', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when logged in, then revokes the token on the server, forgets it here and exits 0', async () => {
    const store = storeWith(api.url, user);
    const result = await friender(['logout'], { store });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal(`Logged out ${user.username} from ${apiRoot(api.url)}.\n`);
    expect(store.getLogin(apiRoot(api.url))).to.equal(undefined);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(401);
  });

  it('when --json is given, then prints the outcome as JSON', async () => {
    const result = await friender(['logout', '--json'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout)).to.deep.equal({ loggedOut: true, revoked: true, api: apiRoot(api.url) });
  });

  it('when the stored token was already revoked, then still forgets it and exits 0', async () => {
    await call(api.url, 'DELETE', '/sessions/current', { token: user.token });
    const store = storeWith(api.url, user);
    const result = await friender(['logout'], { store });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('The API no longer accepted this login; it is forgotten here.\n');
    expect(store.getLogin(apiRoot(api.url))).to.equal(undefined);
  });

  it('when the API cannot be reached, then forgets the login anyway and exits 1 naming the URL', async () => {
    const store = storeWith('http://127.0.0.1:9/', user);
    const result = await cli(['logout', '--api', 'http://127.0.0.1:9'], { store });
    expect(result.code).to.equal(1);
    expect(result.stderr.split('\n')[0]).to.equal('Cannot reach the Friender API at http://127.0.0.1:9/ (connection refused).');
    expect(store.getLogin('http://127.0.0.1:9/')).to.equal(undefined);
  });

  it('when not logged in, then exits 3', async () => {
    const result = await friender(['logout']);
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal(`Not logged in to ${apiRoot(api.url)}.\nRun \`friender login\` (or \`friender signup\`), or set FRIENDER_TOKEN.\n`);
  });

  it('when FRIENDER_TOKEN is set, then revokes that token and leaves the stored login alone', async () => {
    const other = await signup(api.url);
    const store = storeWith(api.url, other);
    const result = await friender(['logout'], { store, env: { FRIENDER_TOKEN: user.token } });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal(`Logged out from ${apiRoot(api.url)}.\nThat was the FRIENDER_TOKEN login; unset FRIENDER_TOKEN too.\n`);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(401);
    expect((await call(api.url, 'GET', '/me', { token: other.token })).status).to.equal(200);
    expect(store.getLogin(apiRoot(api.url))!.username).to.equal(other.username);
  });
});
