import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { person, type TestUser } from '../../helpers/factories.js';
import { fileReport, makeModerator } from '../../helpers/reports.js';
import { inboxSteps, type Event } from './steps.js';
import pg from 'pg';
import { services } from '../../helpers/services.js';
import { until } from '../../helpers/until.js';


describe('inbox events: every kind, both sides', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 3, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
  });
  const steps = inboxSteps(() => api.url);
  const { get, match, from, take, send } = steps;
  const types = (events: Event[]) => events.map((e) => e.type);
  // What an ending looks like, whatever its reason: no seq or time, nothing embedded.
  const shape = (e: Event) => ({ type: e.type, matchId: e.matchId, links: e._links, embedded: e._embedded, keys: Object.keys(e).sort() });

  it('when two match and write, then both get the match and every message (their own too), in seq order, with a next to follow', async () => {
    const [anaFrom, benFrom] = [await from(ana), await from(ben)];
    expect(anaFrom).to.equal('/inbox/events?after=0');
    const href = await match(ana, ben);
    const id = href.split('/').pop()!;
    await send(ana, href, 'hi ben');
    await send(ben, href, 'hey ana\nhow are you');
    const a = await take(ana, anaFrom);
    const b = await take(ben, benFrom);
    for (const [side, other] of [[a, 'ben'], [b, 'ana']] as const) {
      expect(types(side.events)).to.deep.equal(['match', 'message', 'message']);
      expect(side.events.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
      expect(side.events[0]!._embedded!.match).to.deep.include({ id, username: other });
      expect(side.events.every((e) => e.matchId === id && e._links.match!.href === href && e._links.messages!.href === `${href}/messages`)).to.equal(true);
      expect(side.next).to.equal('/inbox/events?after=3');
    }
    expect(a.events.slice(1).map((e) => [e._embedded!.message!.body, e._embedded!.message!.from, e._embedded!.message!.mine])).to.deep.equal([['hi ben', 'ana', true], ['hey ana\nhow are you', 'ben', false]]);
    expect(b.events.slice(1).map((e) => e._embedded!.message!.mine)).to.deep.equal([false, true]);
    // Nothing new: at once (wait=0) an empty page whose next asks again from the same place.
    const again = await take(ana, a.next);
    expect(again).to.deep.equal({ events: [], next: a.next });
  });

  it('when nothing is new, then the poll waits and a message sent meanwhile answers it at once — also one sent through another instance', async () => {
    const href = await match(ana, ben);
    const other = await startTestApi();
    try {
      for (const via of [api.url, other.url]) {
        const start = await from(ben);
        const held = get(ben, `${start}&wait=10`);
        await until(() => api.notifier.waiting() === 1, { timeoutMs: 3000 });
        const began = Date.now();
        await send(ana, href, `via ${via === api.url ? 'A' : 'B'}`, via);
        const reply = await held;
        expect(reply.status).to.equal(200);
        expect(reply.body._embedded.events.map((e: Event) => e._embedded!.message!.body)).to.deep.equal([`via ${via === api.url ? 'A' : 'B'}`]);
        expect(Date.now() - began).to.be.lessThan(2000);
      }
      // And the other way: held on B, woken by a match made on A.
      const start = await from(cleo);
      const held = get(cleo, `${start}&wait=10`, other.url);
      await until(() => other.notifier.waiting() === 1, { timeoutMs: 3000 });
      await match(ana, cleo);
      expect((await held).body._embedded.events.map((e: Event) => [e.type, e._embedded!.match!.username])).to.deep.equal([['match', 'ana']]);
    } finally {
      await other.close();
    }
  });

  it('when asked without after, then it starts from now: it waits for the next event and does not replay older ones', async () => {
    const href = await match(ana, ben);
    await send(ana, href, 'old news');
    const held = get(ben, '/inbox/events?wait=10');
    await until(() => api.notifier.waiting() === 1, { timeoutMs: 3000 });
    await send(ana, href, 'fresh');
    const reply = await held;
    expect(reply.body._embedded.events.map((e: Event) => e._embedded!.message!.body)).to.deep.equal(['fresh']);
    expect(reply.body._links.next.href).to.equal('/inbox/events?after=3');
  });

  it('when a match ends by unmatch, block, suspension or account deletion, then both get one unmatch — the same event whatever the reason, and nothing after it', async () => {
    const dan = await person(api.url, 'dan', { zipCode: '10002' });
    const eve = await person(api.url, 'eve', { zipCode: '10002' });
    const matches = { ben: await match(ana, ben), cleo: await match(ana, cleo), dan: await match(ana, dan), eve: await match(ana, eve) };
    let cursor = (await take(ana, await from(ana))).next;
    const ends: Record<string, Event> = {};
    // Each side sees it (a suspended or deleted account can no longer ask: ana's side only).
    const endAndSee = async (name: string, end: () => Promise<unknown>, who?: TestUser) => {
      const theirs = who && (await from(who));
      await end();
      const mine = await take(ana, cursor);
      cursor = mine.next;
      expect(types(mine.events), name).to.deep.equal(['unmatch']);
      expect(mine.events[0]!.matchId).to.equal(matches[name as keyof typeof matches].split('/').pop());
      if (who && theirs) {
        const seen = (await take(who, theirs)).events;
        expect(seen.map((e) => [e.type, e.matchId]), `${name}'s side`).to.deep.equal([['unmatch', mine.events[0]!.matchId]]);
      }
      ends[name] = mine.events[0]!;
    };
    await endAndSee('ben', () => call(api.url, 'DELETE', matches.ben, { token: ben.token }), ben);
    // ana blocks cleo: cleo's side is exactly an unmatch.
    await endAndSee('cleo', () => call(api.url, 'PUT', '/me/blocks/ana', { token: cleo.token }), cleo);
    const mod = await person(api.url, 'mod_mia', { zipCode: '60601' });
    await makeModerator('mod_mia');
    await endAndSee('dan', async () => {
      const reply = await call(api.url, 'POST', `/reports/${await fileReport('ana', 'dan')}/suspend`, { token: mod.token, json: { note: 'spam' } });
      expect(reply.status).to.equal(200);
    });
    await endAndSee('eve', async () => {
      expect((await call(api.url, 'DELETE', '/me', { token: eve.token, json: { password: eve.password } })).status).to.equal(204);
    });
    const last = await take(ana, cursor);
    const shapes = Object.values(ends).map((e) => ({ ...shape(e), matchId: 'x', links: 'x' }));
    expect(shapes).to.have.length(4);
    expect(new Set(shapes.map((s) => JSON.stringify(s))).size, 'every ending looks the same').to.equal(1);
    expect(ends.ben!._embedded).to.equal(undefined);
    expect(Object.keys(ends.ben!._links)).to.deep.equal(['match']);
    // The ended conversations are gone: sends are refused, and no event follows.
    expect((await send(ben, matches.ben, 'still there?')).status).to.equal(404);
    expect(last.events).to.deep.equal([]);
  });

  it('when messages were not yet fetched as the match ended, then the reader following its cursor gets the unmatch, not the conversation', async () => {
    const href = await match(ana, ben);
    const cursor = (await take(ana, await from(ana))).next;
    await send(ben, href, 'before the end');
    await call(api.url, 'PUT', '/me/blocks/ben', { token: ana.token });
    const after = await take(ana, cursor);
    expect(types(after.events)).to.deep.equal(['unmatch']);
    expect(after.next).to.equal(`/inbox/events?after=${after.events[0]!.seq}`);
  });

  it('when someone asks with another user\'s cursor or for matches not theirs, then they only ever get their own events', async () => {
    const href = await match(ana, ben);
    for (let i = 0; i < 5; i += 1) await send(ana, href, `secret ${i}`);
    const anaEvents = await take(ana, '/inbox/events?after=0');
    expect(anaEvents.events).to.have.length(6);
    for (const cursor of ['/inbox/events?after=0', '/inbox/events?after=2', anaEvents.next]) {
      const theirs = await take(cleo, cursor);
      expect(theirs.events, cursor).to.deep.equal([]);
    }
    expect((await get(cleo, `${href}/messages`)).status).to.equal(404);
    // cleo's own match with ben shows nothing of ana's conversation.
    const cleoBen = await match(cleo, ben);
    const seen = await take(cleo, '/inbox/events?after=0');
    expect(seen.events.map((e) => e.matchId)).to.deep.equal([cleoBen.split('/').pop()]);
    expect(JSON.stringify(seen)).not.to.include('secret');
    expect((await get(cleo, '/inbox/events?after=0&wait=0')).body.count).to.equal(1);
  });

  it('when one user holds message polls, then one events poll counts once against the same cap (429 past it)', async () => {
    const href = await match(ana, ben);
    const messages = (await get(ana, `${href}/messages`)).body._links.next.href as string;
    const held = [get(ana, `${messages}&wait=5`), get(ana, `${messages}&wait=5`), get(ana, '/inbox/events?wait=5')];
    await until(() => api.notifier.waiting() === 3, { timeoutMs: 3000 });
    const refused = await get(ana, '/inbox/events?wait=5');
    expect(refused.status).to.equal(429);
    const alsoRefused = await get(ana, `${messages}&wait=5`);
    expect(alsoRefused.status).to.equal(429);
    await send(ben, href, 'wake up');
    expect((await Promise.all(held)).map((r) => r.status)).to.deep.equal([200, 200, 200]);
  });

  it('when a poll follows next and nothing is new, then it does not read the events table (only who is logged in) — and a message sent right before a wait=0 poll is still in it', async () => {
    const href = await match(ana, ben);
    const first = await take(ana, await from(ana)); // the match event: this process now knows ana's newest seq
    // While another transaction holds the events table, a read of it would wait for the lock:
    // an idle poll that answers when its wait is over never read it.
    const holder = new pg.Client({ connectionString: services.get().databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      const t0 = Date.now();
      const idle = await get(ana, `${first.next}&wait=1`);
      const took = Date.now() - t0;
      expect(idle.status).to.equal(200);
      expect(idle.body._embedded.events).to.deep.equal([]);
      expect(took).to.be.within(600, 2500);
    } finally {
      await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
    }
    // Read-your-writes at once: the send's notification may not have reached this process yet.
    for (let i = 0; i < 10; i += 1) {
      const { next } = await take(ana, first.next);
      expect(next, `round ${i}`).to.equal(first.next);
      await send(ana, href, `note ${i}`);
      const mine = await take(ana, first.next);
      expect(mine.events.map((e) => e._embedded!.message!.body)).to.deep.equal([`note ${i}`]);
      first.next = mine.next;
    }
  });

  it('when 8 events polls of one user arrive at once, then exactly the cap (3) are held and 5 get 429 at once; the held ones still wake', async () => {
    const href = await match(ana, ben);
    const burst = Array.from({ length: 8 }, () => get(ana, '/inbox/events?wait=5'));
    await until(() => api.notifier.waiting() === 3);
    await send(ben, href, 'burst');
    const statuses = (await Promise.all(burst)).map((r) => r.status).sort();
    expect(statuses).to.deep.equal([200, 200, 200, 429, 429, 429, 429, 429]);
  });

  it('when after or wait is malformed, then 422 naming it; anonymous gets 401', async () => {
    for (const [query, field] of [['after=abc', 'after'], ['after=-1', 'after'], ['after=1234567890123456', 'after'], ['wait=61', 'wait'], ['wait=x', 'wait'], ['after=1&since=2', '']]) {
      const reply = await get(ana, `/inbox/events?${query}`);
      expect(reply.status, query).to.equal(422);
      if (field) expect(reply.body.errors[0].field, query).to.equal(field);
    }
    expect((await call(api.url, 'GET', '/inbox/events')).status).to.equal(401);
    expect((await call(api.url, 'GET', '/inbox')).status).to.equal(401);
  });
});
