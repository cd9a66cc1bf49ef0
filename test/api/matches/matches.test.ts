import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';

describe('matches', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  const match = async (a: TestUser, b: TestUser) => {
    await answer(api.url, a, b.username, 'like');
    return (await answer(api.url, b, a.username, 'like')).body._links.match.href as string;
  };
  const list = (who: TestUser) => call(api.url, 'GET', '/matches', { token: who.token });
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001', hobbies: ['chess'] });
    ben = await person(api.url, 'ben', { zipCode: '07030', hobbies: ['chess', 'go'] });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
  });

  it('when matched, then both see the match, newest first, with the other user, their photos, messages and unmatch', async () => {
    await addPhotos(api.url, ben.token, [await jpeg()]);
    await match(ana, ben);
    await match(cleo, ana);
    const reply = await list(ana);
    expect(reply.status).to.equal(200);
    expect(reply.body.count).to.equal(2);
    const [newest, older] = reply.body._embedded.matches;
    expect([newest.username, older.username]).to.deep.equal(['cleo', 'ben']);
    expect(older._links.self.href).to.match(/^\/matches\/[0-9a-f-]{36}$/);
    expect(older._links.messages.href).to.equal(`${older._links.self.href}/messages`);
    expect(older._templates.unmatch).to.include({ method: 'DELETE', target: older._links.self.href });
    const user = older._embedded.user;
    expect(user).to.deep.include({ username: 'ben', shared: { hobbies: ['chess'], interests: ['jazz', 'cooking'] } });
    expect(user.distance).to.be.within(1, 15);
    expect(user._embedded.photos).to.have.length(1);
    expect(JSON.stringify(reply.body)).not.to.match(/07030|zipCode|email/);
    expect((await list(ben)).body._embedded.matches.map((m: { username: string }) => m.username)).to.deep.equal(['ana']);
    const linked = await call(api.url, 'GET', older._links.user.href, { token: ana.token });
    expect(linked.body.username).to.equal('ben');
    const messages = await call(api.url, 'GET', older._links.messages.href, { token: ana.token });
    expect(messages.body._embedded.messages).to.deep.equal([]);
  });

  it('when someone else asks for a match, then it does not exist for them (404), and they cannot end it', async () => {
    const href = await match(ana, ben);
    for (const path of [href, `${href}/user`, `${href}/messages`]) expect((await call(api.url, 'GET', path, { token: cleo.token })).status, path).to.equal(404);
    expect((await call(api.url, 'DELETE', href, { token: cleo.token })).status).to.equal(404);
    expect((await list(ana)).body.count).to.equal(1);
    expect((await call(api.url, 'GET', href)).status).to.equal(401);
    expect((await call(api.url, 'GET', '/matches/not-a-uuid', { token: ana.token })).status).to.equal(404);
  });

  it('when one unmatches, then it ends for both and neither is shown the other again', async () => {
    const href = await match(ana, ben);
    expect((await call(api.url, 'DELETE', href, { token: ben.token })).status).to.equal(204);
    expect((await list(ana)).body.count).to.equal(0);
    expect((await list(ben)).body.count).to.equal(0);
    expect((await call(api.url, 'GET', href, { token: ana.token })).status).to.equal(404);
    expect((await call(api.url, 'DELETE', href, { token: ana.token })).status).to.equal(404);
    const candidates = await call(api.url, 'GET', '/candidates?limit=50', { token: ana.token });
    expect(candidates.body._embedded.candidates.map((c: { username: string }) => c.username)).to.deep.equal(['cleo']);
    const again = await answer(api.url, ana, 'ben', 'like');
    expect([again.status, again.body.matched]).to.deep.equal([200, false]);
  });
});
