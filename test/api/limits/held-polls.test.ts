import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize } from '../../../api/db/sequelize.js';
import type { Clock } from '../../../api/clock.js';
import { LEASE_GRACE_SECONDS } from '../../../api/messages/polls.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';
import { until } from '../../helpers/until.js';

const chat = { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 };

/** Ana and ben match; the href of their conversation's messages. */
async function matched(url: string): Promise<{ ana: TestUser; ben: TestUser; messages: string }> {
  const ana = await person(url, 'ana', { zipCode: '10001' });
  const ben = await person(url, 'ben', { zipCode: '10002' });
  await answer(url, ana, 'ben', 'like');
  const match = (await answer(url, ben, 'ana', 'like')).body._links.match.href as string;
  return { ana, ben, messages: `${match}/messages` };
}

const leases = async (username: string, now?: Date) => {
  const [row] = await services.get().sequelize.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM held_polls h JOIN users u ON u.id = h.user_id WHERE u.username = $1 AND ($2::timestamptz IS NULL OR h.expires_at > $2)',
    { bind: [username, now ?? null], type: QueryTypes.SELECT },
  );
  return row!.n;
};

describe('held polls: one cap per user across instances', () => {
  let one: TestApi;
  let two: TestApi;
  before(async () => {
    one = await startTestApi({ config: { chat } });
    two = await startTestApi({ config: { chat } });
  });
  after(async () => {
    await two.close();
    await one.close();
  });
  const waiting = () => one.notifier.waiting() + two.notifier.waiting();

  it('when one user fires 12 polls at once over two instances, both kinds, then exactly 5 are held in all, 7 get 429 with Retry-After, and all 5 wake', async () => {
    const { ana, ben, messages } = await matched(one.url);
    const burst = Array.from({ length: 12 }, (_, i) =>
      call(i % 2 ? two.url : one.url, 'GET', i % 3 ? `${messages}?after=0&wait=20` : '/inbox/events?wait=20', { token: ana.token }));
    await until(() => waiting() === 5, { what: () => `${waiting()} held` });
    expect(await leases('ana')).to.equal(5);
    expect((await call(two.url, 'POST', messages, { token: ben.token, json: { body: 'wake up' } })).status).to.equal(201);
    const replies = await Promise.all(burst);
    expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    for (const refused of replies.filter((r) => r.status === 429)) {
      expect(refused.headers.get('retry-after')).to.equal('1');
      expect(refused.body.detail).to.equal('You already have 5 polls waiting; at most 5 at once.');
    }
    // Given back in one batch, a few milliseconds after the answers (api/messages/polls.ts).
    await until(async () => (await leases('ana')) === 0, { what: () => 'an answered poll kept its place' });
    expect(waiting()).to.equal(0);
  });

  it('when polls end by their wait running out and by the client going away, then their places come back within the release batch, on either instance', async () => {
    const { ana, messages } = await matched(one.url);
    const gone = Array.from({ length: 4 }, () => new AbortController());
    const dropped = gone.map((g, i) =>
      fetch(`${i % 2 ? two.url : one.url}${messages}?after=0&wait=20`, { headers: { authorization: `Bearer ${ana.token}` }, signal: g.signal }).catch(() => undefined));
    const timed = call(two.url, 'GET', '/inbox/events?wait=3', { token: ana.token });
    await until(() => waiting() === 5);
    expect((await call(one.url, 'GET', '/inbox/events?wait=1', { token: ana.token })).status).to.equal(429);
    expect((await timed).status).to.equal(200);
    await until(async () => (await leases('ana')) === 4, { what: () => 'the timed-out poll kept its place' });
    for (const g of gone) g.abort();
    await Promise.all(dropped);
    await until(async () => (await leases('ana')) === 0, { what: () => 'the dropped polls still hold leases' });
    const again = await Promise.all(Array.from({ length: 5 }, (_, i) => call(i % 2 ? one.url : two.url, 'GET', '/inbox/events?wait=0', { token: ana.token })));
    expect(again.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
  });

  it('when someone outside the match polls it past the cap, then 404 on both instances, never 429, and nothing stays held', async () => {
    const { messages } = await matched(one.url);
    const cleo = await person(one.url, 'cleo', { zipCode: '10002' });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => call(i % 2 ? two.url : one.url, 'GET', `${messages}?after=0&wait=2`, { token: cleo.token })));
    expect(replies.map((r) => r.status)).to.deep.equal(Array(8).fill(404));
    await until(async () => (await leases('cleo')) === 0, { what: () => 'a refused poll kept a place' });
  });
});

describe('held polls: the take itself', () => {
  it('when 30 takes for one user race on 30 connections of their own, then exactly 5 get a lease and the other 25 are told 5 are held', async () => {
    const user = randomUUID();
    const now = new Date();
    const clients = Array.from({ length: 30 }, () => new pg.Client({ connectionString: services.get().databaseUrl }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const rows = await Promise.all(clients.map(async (c) =>
        (await c.query<{ lease: string | null; held: number }>('SELECT * FROM friender_hold_poll($1, 5, $2, $3)', [user, now, new Date(now.getTime() + 60_000)])).rows[0]!));
      expect(rows.filter((r) => r.lease !== null)).to.have.length(5);
      expect(rows.filter((r) => r.lease === null).map((r) => r.held)).to.deep.equal(Array(25).fill(5));
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await services.get().sequelize.query('DELETE FROM held_polls WHERE user_id = $1', { bind: [user] });
    }
  });
});

describe('held polls: an instance that stops', () => {
  const stopping = new AbortController();
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { chat }, draining: stopping.signal })));
  after(() => api.close());

  it('when the server starts shutting down while a user holds polls of both kinds, then they answer at once and every place is given back', async () => {
    const { ana, messages } = await matched(api.url);
    const held = [call(api.url, 'GET', `${messages}?after=0&wait=20`, { token: ana.token }), call(api.url, 'GET', '/inbox/events?wait=20', { token: ana.token })];
    await until(() => api.notifier.waiting() === 2);
    expect(await leases('ana')).to.equal(2);
    const started = Date.now();
    stopping.abort();
    expect((await Promise.all(held)).map((r) => r.status)).to.deep.equal([200, 200]);
    expect(Date.now() - started).to.be.lessThan(2000);
    expect(await leases('ana')).to.equal(0);
  });
});

describe('held polls: an instance that dies holding polls', () => {
  let now = new Date();
  const clock: Clock = { now: () => now };
  let crashedDb: Sequelize;
  let crashed: TestApi;
  let survivor: TestApi;
  before(async () => {
    // The instance that dies has a pool of its own, as a separate process would.
    crashedDb = createSequelize(services.get().databaseUrl);
    crashed = await startTestApi({ config: { chat }, clock, sequelize: crashedDb });
    survivor = await startTestApi({ config: { chat }, clock });
  });
  after(async () => {
    await survivor.close();
    await crashedDb.close().catch(() => {});
  });

  it('when its database connections vanish while it holds all 5, then the others refuse until the leases expire (the wait plus the grace), then hold again', async () => {
    now = new Date();
    const { ana, messages } = await matched(survivor.url);
    const held = Array.from({ length: 5 }, () => call(crashed.url, 'GET', `${messages}?after=0&wait=20`, { token: ana.token }).catch(() => undefined));
    await until(() => crashed.notifier.waiting() === 5);
    // The crash: the instance loses the database first, so no release can reach it; then it is gone.
    await crashedDb.close();
    await crashed.close();
    await Promise.all(held);
    expect(await leases('ana')).to.equal(5);
    const refused = await call(survivor.url, 'GET', `${messages}?after=0&wait=1`, { token: ana.token });
    expect(refused.status).to.equal(429);

    now = new Date(now.getTime() + (20 + LEASE_GRACE_SECONDS - 1) * 1000);
    expect((await call(survivor.url, 'GET', `${messages}?after=0&wait=1`, { token: ana.token })).status, 'a second before they expire').to.equal(429);
    now = new Date(now.getTime() + 2000);
    const polls = await Promise.all(Array.from({ length: 5 }, () => call(survivor.url, 'GET', `${messages}?after=0&wait=1`, { token: ana.token })));
    expect(polls.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    // The dead leases were swept by the takes; the five answered ones are given back in their batch.
    await until(async () => (await leases('ana')) === 0, { what: () => 'a dead or answered lease is still there' });
  });
});
