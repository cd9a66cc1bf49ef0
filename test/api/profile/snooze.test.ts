import { expect } from 'chai';
import type { Clock } from '../../../api/clock.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';

const HOUR = 3600_000;

describe('snooze: hidden from every deck, not swiping, chats as before', () => {
  let api: TestApi;
  // Near the real time: tokens' exp is checked against it (jsonwebtoken), sessions against the clock.
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  let now = start;
  const clock: Clock = { now: () => now };
  let ana: TestUser;
  let ben: TestUser;
  before(async () => (api = await startTestApi({ clock, config: { tokenTtlSeconds: 365 * 24 * 3600 } })));
  after(() => api.close());
  beforeEach(async () => {
    now = start;
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
  });

  const snooze = (who: TestUser, json?: unknown) => call(api.url, 'POST', '/me/snooze', { token: who.token, ...(json === undefined ? {} : { json }) });
  const deckOf = async (who: TestUser) => ((await call(api.url, 'GET', '/candidates', { token: who.token })).body._embedded.candidates as Array<{ username: string }>).map((c) => c.username);

  it('when awake, then me says so and offers snooze but not wake', async () => {
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body).to.deep.include({ snoozed: false, snoozedUntil: null });
    expect(me.body._templates.snooze).to.deep.include({ method: 'POST', target: '/me/snooze' });
    const [until, ...others] = me.body._templates.snooze.properties;
    expect(others).to.deep.equal([]);
    expect(until).to.deep.include({ name: 'until', required: false, type: 'text', prompt: 'Snooze until (an ISO 8601 time within 365 days; leave it out to snooze until you wake)' });
    expect(new RegExp(until.regex).test('2026-12-01T09:00:00Z'), 'the pattern the server checks').to.equal(true);
    expect(me.body._templates.wake).to.equal(undefined);
  });

  it('when snoozed with no body at all, then indefinitely: me shows it, offers wake, and the ETag changes', async () => {
    const before = await call(api.url, 'GET', '/me', { token: ana.token });
    const reply = await snooze(ana);
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-location')).to.equal('/me');
    expect(reply.body).to.deep.include({ snoozed: true, snoozedUntil: null });
    expect(reply.body._templates.wake).to.deep.include({ method: 'DELETE', target: '/me/snooze' });
    expect(reply.body._templates.snooze, 'still offered, to set an end').to.not.equal(undefined);
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body).to.deep.include({ snoozed: true, snoozedUntil: null });
    expect(me.headers.get('etag')).to.not.equal(before.headers.get('etag'));
    now = new Date(now.getTime() + 300 * 24 * HOUR);
    expect((await call(api.url, 'GET', '/me', { token: ana.token })).body.snoozed, 'indefinitely is indefinitely').to.equal(true);
  });

  it('when snoozed with an empty JSON object, then indefinitely too', async () => {
    expect((await snooze(ana, {})).body).to.deep.include({ snoozed: true, snoozedUntil: null });
  });

  it('when snoozed until a time, then hidden from every deck, by name too (card 404, like 404), until that time passes by itself', async () => {
    expect(await deckOf(ben)).to.deep.equal(['ana']);
    const until = new Date(now.getTime() + 3 * HOUR).toISOString();
    const reply = await snooze(ana, { until });
    expect(reply.body).to.deep.include({ snoozed: true, snoozedUntil: until });
    expect(await deckOf(ben)).to.deep.equal([]);
    // Snoozed reads exactly as nobody at all: the same 404 body as a name that does not exist.
    const nobody = async (name: string) => (await call(api.url, 'GET', `/candidates/${name}`, { token: ben.token })).text.replaceAll(name, 'NAME');
    expect(await nobody('ana')).to.equal(await nobody('no_such_user'));
    expect((await call(api.url, 'GET', '/candidates/ana', { token: ben.token })).status).to.equal(404);
    expect((await answer(api.url, ben, 'ana', 'like')).status).to.equal(404);
    expect((await answer(api.url, ben, 'ana', 'pass')).status).to.equal(404);
    expect((await answer(api.url, ben, 'ana', 'like')).text.replaceAll('ana', 'NAME')).to.equal((await answer(api.url, ben, 'no_such_user', 'like')).text.replaceAll('no_such_user', 'NAME'));

    now = new Date(now.getTime() + 3 * HOUR - 1000);
    expect(await deckOf(ben), 'a second before the end').to.deep.equal([]);
    now = new Date(now.getTime() + 1000);
    expect(await deckOf(ben), 'at the end, shown again without anyone waking her').to.deep.equal(['ana']);
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body).to.deep.include({ snoozed: false, snoozedUntil: null });
    expect(me.body._templates.wake).to.equal(undefined);
    expect((await call(api.url, 'GET', '/candidates', { token: ana.token })).status, 'and she swipes again').to.equal(200);
  });

  it('when snoozed, then their own deck, a card, a like and a pass answer 409 snoozed linking me, where wake is', async () => {
    await snooze(ana, { until: new Date(now.getTime() + HOUR).toISOString() });
    for (const [method, path] of [['GET', '/candidates'], ['GET', '/candidates/ben'], ['POST', '/candidates/ben/like'], ['POST', '/candidates/ben/pass']] as const) {
      const reply = await call(api.url, method, path, { token: ana.token });
      expect(reply.status, path).to.equal(409);
      expect(reply.contentType).to.include('problem+json');
      expect(reply.body.type).to.match(/\/problems\/snoozed$/);
      expect(reply.body.title).to.equal('Snoozed');
      expect(reply.body._links.me).to.deep.equal({ href: '/me' });
    }
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).status, 'nothing was stored').to.equal(404);
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body._templates.wake).to.not.equal(undefined);
    expect((await call(api.url, 'GET', '/', { token: ana.token })).status, 'the root still works').to.equal(200);
  });

  it('when woken, then shown and swiping again at once; waking twice is harmless', async () => {
    await snooze(ana);
    const woke = await call(api.url, 'DELETE', '/me/snooze', { token: ana.token });
    expect(woke.status).to.equal(200);
    expect(woke.body).to.deep.include({ snoozed: false, snoozedUntil: null });
    expect(woke.body._templates.wake).to.equal(undefined);
    expect(await deckOf(ben)).to.deep.equal(['ana']);
    expect(await deckOf(ana)).to.deep.equal(['ben']);
    const again = await call(api.url, 'DELETE', '/me/snooze', { token: ana.token });
    expect(again.status).to.equal(200);
    expect(again.headers.get('etag'), 'nothing changed the second time').to.equal(woke.headers.get('etag'));
  });

  it('when a snooze is set again, then the new end replaces the old one', async () => {
    await snooze(ana);
    const until = new Date(now.getTime() + HOUR).toISOString();
    expect((await snooze(ana, { until })).body).to.deep.include({ snoozed: true, snoozedUntil: until });
  });

  it('when until is past, now, too far, not a time or not alone, then 422 naming the field and nothing changes', async () => {
    const cases: Array<[unknown, string]> = [
      [{ until: new Date(now.getTime() - 1000).toISOString() }, 'until'],
      [{ until: now.toISOString() }, 'until'],
      [{ until: new Date(now.getTime() + 366 * 24 * HOUR).toISOString() }, 'until'],
      [{ until: 'tomorrow' }, 'until'],
      [{ until: '2026-06-02' }, 'until'],
      [{ until: 1780000000000 }, 'until'],
      [{ until: null }, 'until'],
      [{ until: new Date(now.getTime() + HOUR).toISOString(), forever: true }, 'forever'],
    ];
    for (const [json, field] of cases) {
      const reply = await snooze(ana, json);
      expect(reply.status, JSON.stringify(json)).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field), JSON.stringify(json)).to.deep.equal([field]);
    }
    expect((await call(api.url, 'POST', '/me/snooze', { token: ana.token, body: 'soon', headers: { 'content-type': 'text/plain' } })).status).to.equal(415);
    expect((await call(api.url, 'GET', '/me', { token: ana.token })).body.snoozed).to.equal(false);
    expect((await call(api.url, 'POST', '/me/snooze', {})).status, 'anonymous').to.equal(401);
    expect((await call(api.url, 'GET', '/me/snooze', { token: ana.token })).status).to.equal(405);
  });

  it('when matched and snoozed, then both still see the match, send and poll messages', async () => {
    await answer(api.url, ana, 'ben', 'like');
    const made = await answer(api.url, ben, 'ana', 'like');
    const matchHref = made.body._links.match.href as string;
    await snooze(ana);
    await snooze(ben, { until: new Date(now.getTime() + HOUR).toISOString() });
    for (const who of [ana, ben]) {
      const matches = await call(api.url, 'GET', '/matches', { token: who.token });
      expect(matches.body.count).to.equal(1);
    }
    const sent = await call(api.url, 'POST', `${matchHref}/messages`, { token: ana.token, json: { body: 'still here' } });
    expect(sent.status).to.equal(201);
    const polled = await call(api.url, 'GET', `${matchHref}/messages?after=0&wait=0`, { token: ben.token });
    expect(polled.status).to.equal(200);
    expect(polled.body._embedded.messages.map((m: { body: string }) => m.body)).to.deep.equal(['still here']);
    expect((await call(api.url, 'POST', `${matchHref}/messages`, { token: ben.token, json: { body: 'me too' } })).status).to.equal(201);
  });
});

