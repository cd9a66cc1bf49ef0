import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Clock } from '../../../api/clock.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const swipes = async (swiper: string) =>
  (
    await services.get().sequelize.query<{ username: string; liked: boolean }>(
      'SELECT t.username, s.liked FROM swipes s JOIN users u ON u.id = s.swiper_id JOIN users t ON t.id = s.swipee_id WHERE u.username = $1 ORDER BY t.username',
      { bind: [swiper], type: QueryTypes.SELECT },
    )
  ).map((r) => `${r.username}:${r.liked ? 'like' : 'pass'}`);

describe('undo: the latest pass can be taken back for a while', () => {
  let api: TestApi;
  // Near the real time: tokens' exp is checked against it, the undo window against the clock.
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  let now = start;
  const clock: Clock = { now: () => now };
  const tick = (seconds = 1) => (now = new Date(now.getTime() + seconds * 1000));
  let ana: TestUser;
  before(async () => (api = await startTestApi({ clock, config: { undoSeconds: 600 } })));
  after(() => api.close());
  beforeEach(async () => {
    now = start;
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    await person(api.url, 'ben', { zipCode: '10002' });
    await person(api.url, 'cal', { zipCode: '10003' });
  });

  const undo = (username: string, who = ana) => call(api.url, 'DELETE', `/answers/${username}`, { token: who.token });
  const deck = async () => ((await call(api.url, 'GET', '/candidates', { token: ana.token })).body._embedded.candidates as Array<{ username: string }>).map((c) => c.username).sort();

  it('when passing, then the pass, its answer and the candidates page offer undo; following it restores them to the deck', async () => {
    const pass = await answer(api.url, ana, 'ben', 'pass');
    expect(pass.body._templates.undo).to.deep.include({ method: 'DELETE', target: '/answers/ben' });
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body._templates.undo.target).to.equal('/answers/ben');
    const page = await call(api.url, 'GET', '/candidates', { token: ana.token });
    expect(page.body._templates.undo).to.deep.include({ method: 'DELETE', target: '/answers/ben' });
    expect(await deck()).to.deep.equal(['cal']);

    tick(599);
    const undone = await call(api.url, pass.body._templates.undo.method, pass.body._templates.undo.target, { token: ana.token });
    expect(undone.status).to.equal(200);
    expect(undone.body).to.deep.include({ username: 'ben', undone: 'pass' });
    expect(await swipes('ana')).to.deep.equal([]);
    expect(await deck()).to.deep.equal(['ben', 'cal']);
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).status).to.equal(404);
    expect((await call(api.url, 'GET', '/candidates', { token: ana.token })).body._templates, 'nothing left to undo').to.equal(undefined);
    tick();
    expect((await answer(api.url, ana, 'ben', 'like')).status, 'and can be answered again, differently').to.equal(201);
  });

  it('when the window has passed (the clock), then no template, and undo answers 409 keeping the pass', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    tick(600);
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body._templates?.undo).to.equal(undefined);
    expect((await call(api.url, 'GET', '/candidates', { token: ana.token })).body._templates).to.equal(undefined);
    const reply = await undo('ben');
    expect(reply.status).to.equal(409);
    expect(reply.body.type).to.match(/\/problems\/cannot-undo$/);
    expect(reply.body.detail).to.match(/more than 600 seconds old/);
    expect(await swipes('ana')).to.deep.equal(['ben:pass']);
  });

  it('when the pass is not the latest answer, then 409; the latest one is the one offered', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    tick();
    const second = await answer(api.url, ana, 'cal', 'pass');
    expect(second.body._templates.undo.target).to.equal('/answers/cal');
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body._templates?.undo, 'ben is no longer the latest').to.equal(undefined);
    const reply = await undo('ben');
    expect(reply.status).to.equal(409);
    expect(reply.body.detail).to.match(/latest/);
    expect(await swipes('ana')).to.deep.equal(['ben:pass', 'cal:pass']);
  });

  it('when the latest answer is a like (matched or not), then nothing is undoable, and undo of it is 409', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    tick();
    const like = await answer(api.url, ana, 'cal', 'like');
    expect(like.body._templates?.undo).to.equal(undefined);
    expect((await call(api.url, 'GET', '/candidates', { token: ana.token })).body._templates).to.equal(undefined);
    const reply = await undo('cal');
    expect(reply.status).to.equal(409);
    expect(reply.body.detail).to.match(/unmatch/);
    expect((await undo('ben')).status, 'nor the pass before it').to.equal(409);
    expect(await swipes('ana')).to.deep.equal(['ben:pass', 'cal:like']);
  });

  it('when two answers have the same instant, then neither is the latest and neither is taken back', async () => {
    expect((await answer(api.url, ana, 'ben', 'pass')).body._templates.undo).to.not.equal(undefined);
    const second = await answer(api.url, ana, 'cal', 'pass');
    expect(second.status).to.equal(201);
    // The pass just made is not the latest (one answer shares its instant): no undo is offered for it.
    expect(second.body._templates.undo).to.equal(undefined);
    expect((await undo('cal')).status).to.equal(409);
    expect((await undo('ben')).status).to.equal(409);
    expect(await swipes('ana')).to.deep.equal(['ben:pass', 'cal:pass']);
  });

  it('when there is no answer (never given, unknown, someone else\'s), then 404', async () => {
    const ben = (await call(api.url, 'POST', '/sessions', { json: { username: 'ben', password: 'correct horse battery' } })).body.token as string;
    await answer(api.url, { ...ana, token: ben }, 'cal', 'pass');
    for (const name of ['cal', 'nobody_here', 'ana']) expect((await undo(name)).status, name).to.equal(404);
    expect((await call(api.url, 'DELETE', '/answers/cal', {})).status).to.equal(401);
    expect(await swipes('ben')).to.deep.equal(['cal:pass']);
  });

  it('when an undo is taken back after the previous one, then the pass before becomes the latest (each within its window)', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    tick();
    await answer(api.url, ana, 'cal', 'pass');
    expect((await undo('cal')).status).to.equal(200);
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body._templates.undo.target).to.equal('/answers/ben');
  });

  it('when five undos of one pass race, then exactly one takes it back and the others find nothing', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    const replies = await Promise.all(Array.from({ length: 5 }, () => undo('ben')));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 404, 404, 404, 404]);
    expect(await swipes('ana')).to.deep.equal([]);
  });

  it('when an undo races new answers, then it never takes back anything but the pass it names', async () => {
    for (let round = 0; round < 5; round += 1) {
      await services.get().sequelize.query("DELETE FROM swipes WHERE swiper_id = (SELECT id FROM users WHERE username = 'ana')");
      tick();
      await answer(api.url, ana, 'ben', 'pass');
      tick();
      const [undone, passed] = await Promise.all([undo('ben'), answer(api.url, ana, 'cal', 'pass')]);
      expect(passed.status).to.equal(201);
      const left = await swipes('ana');
      // Either the undo came first (ben taken back) or the new pass did (ben no longer the latest): cal's pass always stands.
      if (undone.status === 200) expect(left).to.deep.equal(['cal:pass']);
      else expect([undone.status, left]).to.deep.equal([409, ['ben:pass', 'cal:pass']]);
    }
  });

  it('when undo is off (UNDO_SECONDS=0), then nothing is ever offered or taken back', async () => {
    const off = await startTestApi({ clock, config: { undoSeconds: 0 } });
    try {
      const pass = await answer(off.url, ana, 'ben', 'pass');
      expect(pass.body._templates?.undo).to.equal(undefined);
      expect((await call(off.url, 'DELETE', '/answers/ben', { token: ana.token })).status).to.equal(409);
    } finally {
      await off.close();
    }
  });
});
