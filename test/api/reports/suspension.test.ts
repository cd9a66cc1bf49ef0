import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { fileReport, makeModerator } from '../../helpers/reports.js';

describe('a suspension, as everyone else sees it', () => {
  let api: TestApi;
  let mod: TestUser;
  let ana: TestUser;
  let sly: TestUser;
  let ben: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    mod = await person(api.url, 'mod_mia', { zipCode: '60601' });
    await makeModerator('mod_mia');
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    sly = await person(api.url, 'sly', { zipCode: '10002' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
  });
  const get = (who: TestUser | string, path: string) => call(api.url, 'GET', path, { token: typeof who === 'string' ? who : who.token });
  const names = async (who: TestUser) => (await get(who, '/candidates?limit=50')).body._embedded.candidates.map((c: { username: string }) => c.username);
  const login = (username: string, password: string) => call(api.url, 'POST', '/sessions', { json: { username, password } });
  const suspend = async (about = 'sly') => {
    const id = await fileReport('ana', about);
    const reply = await call(api.url, 'POST', `/reports/${id}/suspend`, { token: mod.token, json: { note: 'scam messages' } });
    expect(reply.status, reply.text).to.equal(200);
    return reply.body;
  };
  const match = async (a: TestUser, b: TestUser) => {
    await answer(api.url, a, b.username, 'like');
    await answer(api.url, b, a.username, 'like');
    return (await get(a, '/matches')).body._embedded.matches.find((m: { username: string }) => m.username === b.username).id as string;
  };

  it('when suspended, then every login it had stops at once (the next request is 401) even at the root', async () => {
    const second = (await login('sly', sly.password)).body.token as string;
    expect((await get(sly, '/me')).status).to.equal(200);
    await suspend();
    for (const token of [sly.token, second]) {
      expect((await get(token, '/me')).status).to.equal(401);
      expect((await get(token, '/candidates')).status).to.equal(401);
      expect((await get(token, '/')).status, 'a rejected token is a 401 even where login is optional').to.equal(401);
    }
  });

  it('when suspended, then its right password gets 403 account-suspended, and a wrong one still looks like a wrong password', async () => {
    await suspend();
    const right = await login('sly', sly.password);
    expect(right.status).to.equal(403);
    expect(right.body).to.include({ title: 'Account suspended', status: 403 });
    expect(right.body.type).to.match(/\/problems\/account-suspended$/);
    expect(right.body).not.to.have.property('token');
    const wrong = await login('sly', 'not the password at all');
    const nobody = await login('nobody_here', 'not the password at all');
    expect([wrong.status, wrong.body.type]).to.deep.equal([nobody.status, nobody.body.type]);
    expect(wrong.status).to.equal(401);
  });

  it('when suspended, then it vanishes from every deck and lookup, and its photos are no longer handed out', async () => {
    const [photo] = await addPhotos(api.url, sly.token, [await jpeg()]);
    expect(await names(ana)).to.include('sly');
    const card = (await get(ana, '/candidates/sly')).body;
    expect(card._embedded.photos).to.have.length(1);
    await suspend();
    expect(await names(ana)).to.deep.equal(['ben']);
    expect(await names(ben)).to.deep.equal(['ana']);
    expect((await get(ana, '/candidates/sly')).status).to.equal(404);
    // A suspended account reads exactly as one that never existed.
    expect((await get(ana, '/candidates/sly')).text.replaceAll('sly', 'NAME')).to.equal((await get(ana, '/candidates/no_such_user')).text.replaceAll('no_such_user', 'NAME'));
    expect((await get(ana, `/candidates/sly/photos/${photo}`)).status).to.equal(404);
    expect((await answer(api.url, ana, 'sly', 'like')).status).to.equal(404);
  });

  it('when suspended, then its matches end for the other side: gone from matches, reads and sends 404, and a held poll wakes with 404', async () => {
    const id = await match(ana, sly);
    await call(api.url, 'POST', `/matches/${id}/messages`, { token: sly.token, json: { body: 'wire me $500' } });
    const [photo] = await addPhotos(api.url, sly.token, [await jpeg()]);
    const started = Date.now();
    const held = get(ana, `/matches/${id}/messages?after=999999&wait=20`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const resolved = await suspend();
    expect(resolved.matchesEnded).to.equal(1);
    const poll = await held;
    expect(poll.status).to.equal(404);
    expect(Date.now() - started, 'answered promptly, not at the end of the wait').to.be.lessThan(5_000);
    expect((await get(ana, '/matches')).body.count).to.equal(0);
    for (const path of [`/matches/${id}`, `/matches/${id}/user`, `/matches/${id}/messages`, `/matches/${id}/user/photos/${photo}`]) {
      expect((await get(ana, path)).status, path).to.equal(404);
    }
    expect((await call(api.url, 'POST', `/matches/${id}/messages`, { token: ana.token, json: { body: 'hello?' } })).status).to.equal(404);
  });

  it('when suspended, then every other open report about it is resolved with the same note, and reports about others stay open', async () => {
    const earlier = await fileReport('ben', 'sly', { createdAt: '2026-01-01T00:00:00Z' });
    const aboutBen = await fileReport('sly', 'ben');
    const resolved = await suspend();
    expect(resolved.alsoResolved).to.equal(1);
    const queue = (await get(mod, '/reports')).body._embedded.reports.map((r: { id: string }) => r.id);
    expect(queue).to.deep.equal([aboutBen]);
    expect((await get(mod, `/reports/${earlier}`)).body).to.deep.include({ status: 'suspended', note: 'scam messages', resolvedBy: 'mod_mia' });
  });

  it('when likes that would make matches race a suspension, then no live match with the suspended account survives', async () => {
    const fans = await Promise.all(['fan_a', 'fan_b', 'fan_c', 'fan_d'].map((name) => person(api.url, name, { zipCode: '10002' })));
    for (const fan of fans) await answer(api.url, fan, 'sly', 'like');
    const id = await fileReport('ana', 'sly');
    const [, ...likes] = await Promise.all([
      call(api.url, 'POST', `/reports/${id}/suspend`, { token: mod.token, json: { note: 'race' } }),
      ...fans.map((fan) => answer(api.url, sly, fan.username, 'like')),
    ]);
    for (const like of likes) expect(like.status).to.be.oneOf([201, 401, 404]);
    for (const fan of fans) expect((await get(fan, '/matches')).body.count, fan.username).to.equal(0);
  });

  it('when someone else is suspended, then nothing changes for the people around them', async () => {
    const id = await match(ana, ben);
    await suspend();
    expect((await get(ana, '/matches')).body._embedded.matches.map((m: { id: string }) => m.id)).to.deep.equal([id]);
    expect((await get(ben, '/me')).status).to.equal(200);
    expect((await login('ben', ben.password)).status).to.equal(201);
  });
});
