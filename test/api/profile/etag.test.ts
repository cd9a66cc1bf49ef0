import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, type TestUser } from '../../helpers/factories.js';

describe('profile: ETag and If-Match', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const read = () => call(api.url, 'GET', '/me', { token: user.token });
  const edit = (json: unknown, ifMatch?: string) => call(api.url, 'PATCH', '/me', { token: user.token, json, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

  it('when the profile is read, then it carries a strong ETag that stays the same until it is edited', async () => {
    const etag = (await read()).headers.get('etag');
    expect(etag).to.match(/^"1-[A-Za-z0-9_-]{10}"$/);
    expect((await read()).headers.get('etag')).to.equal(etag);
    const edited = await edit({ bio: 'one' });
    expect(edited.headers.get('etag')).to.match(/^"2-/);
    expect(edited.headers.get('content-location')).to.equal('/me');
    expect((await read()).headers.get('etag')).to.equal(edited.headers.get('etag'));
  });

  it('when two accounts are at version 1, then their ETags differ', async () => {
    const other = await signup(api.url);
    expect((await call(api.url, 'GET', '/me', { token: other.token })).headers.get('etag')).not.to.equal((await read()).headers.get('etag'));
  });

  it('when the edit names the current ETag, then it is applied and answers the next one', async () => {
    const etag = (await read()).headers.get('etag')!;
    const reply = await edit({ bio: 'mine' }, etag);
    expect(reply.status).to.equal(200);
    expect(reply.body.bio).to.equal('mine');
    expect((await edit({ bio: 'again' }, reply.headers.get('etag')!)).status).to.equal(200);
  });

  it('when another terminal edited since this one read, then 412 problem+json and nothing of this edit is applied', async () => {
    const etag = (await read()).headers.get('etag')!;
    expect((await edit({ bio: 'from the other terminal' }, etag)).status).to.equal(200);
    const stale = await edit({ bio: 'from this terminal', friendRadius: 10 }, etag);
    expect(stale.status).to.equal(412);
    expect(stale.contentType).to.match(/^application\/problem\+json/);
    expect(stale.body).to.deep.equal({
      type: `${api.url}/problems/precondition-failed`,
      title: 'Changed since you read it',
      status: 412,
      detail: 'Your profile changed since you read it (If-Match names a version that is not the current one); nothing was changed. Read it again and make your change to what is there now.',
      _links: { me: { href: '/me' } },
    });
    expect((await read()).body).to.deep.include({ bio: 'from the other terminal', friendRadius: null });
  });

  it('when the stale edit is also invalid, then the 412 comes first', async () => {
    const etag = (await read()).headers.get('etag')!;
    await edit({ bio: 'moved on' });
    expect((await edit({ friendRadius: 9999 }, etag)).status).to.equal(412);
  });

  it('when If-Match is *, lists the current tag among others, or is absent, then the edit is applied', async () => {
    expect((await edit({ bio: 'a' }, '*')).status).to.equal(200);
    const etag = (await read()).headers.get('etag')!;
    expect((await edit({ bio: 'b' }, `"nope", ${etag}`)).status).to.equal(200);
    expect((await edit({ bio: 'c' })).status).to.equal(200);
    expect((await read()).body.bio).to.equal('c');
  });

  it('when If-Match is the current tag marked weak, or not a tag at all, then 412: only a strong match will do', async () => {
    const etag = (await read()).headers.get('etag')!;
    expect((await edit({ bio: 'x' }, `W/${etag}`)).status).to.equal(412);
    expect((await edit({ bio: 'x' }, 'garbage')).status).to.equal(412);
  });

  it('when two edits race with the same If-Match, then exactly one is applied', async () => {
    const etag = (await read()).headers.get('etag')!;
    const replies = await Promise.all(['first', 'second', 'third'].map((bio) => edit({ bio }, etag)));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 412, 412]);
    const winner = replies.find((r) => r.status === 200)!;
    expect((await read()).body.bio).to.equal(winner.body.bio);
  });
});
