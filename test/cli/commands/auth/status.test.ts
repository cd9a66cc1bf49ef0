import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { apiRoot, cli, MemoryConfigStore, storeWith, type CliOptions } from '../../helpers/harness.js';
import { expiryOf } from '../../../../cli/commands/auth/status.js';

/** A store that says where it keeps its file, as the conf store does. */
class FileLikeStore extends MemoryConfigStore {
  readonly path = '/home/sam/.config/friender/config.json';
}

describe('friender auth status', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const stored = () => storeWith(api.url, user, new FileLikeStore());

  it('when the stored login is accepted, then prints who, which API, the login file and the expiry on stdout, and exits 0', async () => {
    const result = await friender(['auth', 'status'], { store: stored() });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.equal(
      `API:        ${apiRoot(api.url)}\nLogged in:  ${user.username} (the API accepts this login)\nLogin from: /home/sam/.config/friender/config.json\nExpires:    ${expiryOf(user.token)}\n`,
    );
    expect(expiryOf(user.token)).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('when the token comes from FRIENDER_TOKEN, then --json says so, with the username the API gives', async () => {
    const result = await friender(['auth', 'status', '--json'], { store: stored(), env: { FRIENDER_TOKEN: user.token } });
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      api: apiRoot(api.url),
      loggedIn: true,
      valid: true,
      username: user.username,
      source: 'env',
      store: '/home/sam/.config/friender/config.json',
      expiresAt: expiryOf(user.token),
    });
  });

  it('when the stored token was revoked, then says the API refused it and exits 3', async () => {
    await call(api.url, 'DELETE', '/sessions/current', { token: user.token });
    const result = await friender(['auth', 'status', '--json'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(3);
    expect(JSON.parse(result.stdout)).to.include({ loggedIn: false, valid: false, username: user.username, source: 'store' });
  });

  it('when not logged in, then says so and how to log in, and exits 3', async () => {
    const result = await friender(['auth', 'status'], { store: new FileLikeStore() });
    expect(result.code).to.equal(3);
    expect(result.stdout).to.equal(`API:        ${apiRoot(api.url)}\nLogged in:  no\nLogin from: nothing stored in /home/sam/.config/friender/config.json\n`);
    expect(result.stderr).to.equal('Run `friender login` (or `friender signup`), or set FRIENDER_TOKEN.\n');
  });

  it('when the API cannot be reached, then shows what is known and exits 1 naming the URL', async () => {
    const result = await cli(['auth', 'status', '--api', 'http://127.0.0.1:9'], { env: { FRIENDER_TOKEN: user.token } });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('Logged in:  unknown (the API could not be asked)\nLogin from: FRIENDER_TOKEN (the environment)\n');
    expect(result.stderr).to.match(/^Cannot reach the Friender API at http:\/\/127\.0\.0\.1:9\//);
  });
});

describe('friender auth token', () => {
  it('when logged in, then prints the token alone on stdout, without asking the API', async () => {
    const result = await cli(['auth', 'token'], { store: storeWith('http://127.0.0.1:9', { username: 'sam', token: 'the.stored.token' }), env: { FRIENDER_API_URL: 'http://127.0.0.1:9' } });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('the.stored.token\n');
    expect(result.stderr).to.equal('');
  });

  it('when FRIENDER_TOKEN is set, then prints that one', async () => {
    const result = await cli(['auth', 'token'], { env: { FRIENDER_TOKEN: 'from.the.env' } });
    expect(result.stdout).to.equal('from.the.env\n');
  });

  it('when not logged in, then prints nothing on stdout and exits 3', async () => {
    const result = await cli(['auth', 'token']);
    expect(result.code).to.equal(3);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('Not logged in to http://localhost:3000/.\nRun `friender login` (or `friender signup`), or set FRIENDER_TOKEN.\n');
  });
});
