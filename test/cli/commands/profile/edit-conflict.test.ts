import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { startProxy, type Proxy, type Seen } from '../../../helpers/proxy.js';
import { cli, storeWith } from '../../helpers/harness.js';

describe('friender profile edit: two terminals', () => {
  let api: TestApi;
  let proxy: Proxy | undefined;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });
  const through = async (before?: (request: Seen) => Promise<void>) => {
    proxy = await startProxy(api.url, before);
    const url = proxy.url;
    return (argv: string[]) => cli(argv, { store: storeWith(url, user), env: { FRIENDER_API_URL: url } });
  };
  const profile = async () => (await call(api.url, 'GET', '/me', { token: user.token })).body;

  it('when saving, then the edit is sent with If-Match: the ETag of the profile it read', async () => {
    const friender = await through();
    const etag = (await call(api.url, 'GET', '/me', { token: user.token })).headers.get('etag');
    const result = await friender(['profile', 'edit', '--bio', 'Hi']);
    expect(result.code).to.equal(0);
    const patch = proxy!.seen.find((r) => r.method === 'PATCH');
    expect(patch?.url).to.equal('/me');
    expect(patch?.headers['if-match']).to.equal(etag);
  });

  it('when another terminal saved in between, then exit 1 saying so, and the other edit stands', async () => {
    const friender = await through(async (request) => {
      if (request.method === 'PATCH') await call(api.url, 'PATCH', '/me', { token: user.token, json: { bio: 'from the other terminal' } });
    });
    const result = await friender(['profile', 'edit', '--bio', 'from this one', '--radius', '10']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      'Changed since you read it: Your profile changed since you read it (If-Match names a version that is not the current one); nothing was changed. Read it again and make your change to what is there now.\n',
    );
    expect(await profile()).to.deep.include({ bio: 'from the other terminal', friendRadius: null });
  });
});
