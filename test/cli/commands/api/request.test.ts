import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signupComplete, type TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender api', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signupComplete(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when given a link relation, then follows it from the root and prints the raw HAL document', async () => {
    const result = await friender(['api', 'me'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    const expected = (await call(api.url, 'GET', '/me', { token: user.token })).body;
    expect(JSON.parse(result.stdout)).to.deep.equal(expected);
    expect(result.stdout).to.equal(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('when given a path, then GETs it from the API root', async () => {
    const result = await friender(['api', '/'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout)._links).to.deep.equal({ self: { href: '/' }, me: { href: '/me' }, candidates: { href: '/candidates' }, matches: { href: '/matches' }, 'service-desc': { href: '/openapi.json' } });
  });

  it('when given more relations, then follows them one after another', async () => {
    const result = await friender(['api', 'me', 'self'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout).username).to.equal(user.username);
  });

  it('when not logged in, then shows the anonymous root with its signup and login templates', async () => {
    const result = await friender(['api', '/']);
    expect(result.code).to.equal(0);
    expect(Object.keys(JSON.parse(result.stdout)._templates)).to.deep.equal(['signup', 'login']);
  });

  it('when the relation is not offered, then exits 1 listing the relations that are', async () => {
    const result = await friender(['api', 'me']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('The API offers no `me` link here.\nLinks here: self, service-desc.\n');
  });

  it('when the path needs a login and there is none, then exits 3', async () => {
    const result = await friender(['api', '/me']);
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal('Not logged in: Log in first: send a valid Bearer token.\nRun `friender login` to log in.\n');
  });

  it('when the path does not exist, then prints the problem and exits 1', async () => {
    const result = await friender(['api', '/nowhere']);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('Not found: There is nothing here. Start at / and follow links.\n');
  });

  it('when no argument is given, then exits 2', async () => {
    const result = await friender(['api']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("error: missing required argument 'rel-or-path'");
  });
});
