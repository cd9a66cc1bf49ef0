import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { person } from '../../helpers/factories.js';
import { fileReport, makeModerator } from '../../helpers/reports.js';
import { services } from '../../helpers/services.js';
import { inboxSteps } from './steps.js';

describe('inbox events: pruning, and endings racing sends', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  const steps = inboxSteps(() => api.url);
  const sql = <T extends object>(query: string, bind: unknown[] = []) => services.get().sequelize.query<T>(query, { bind, type: QueryTypes.SELECT });

  it('when events are older than 30 days, then every 100th event of the user removes them, and a cursor from then gets what remains', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    const href = await steps.match(ana, ben); // seq 1 for each
    // 97 old events of ana's (seq 2..98), 40 days back; the counter moves on with them.
    await sql(
      `INSERT INTO events (user_id, seq, type, match_id, at)
       SELECT u.id, s, 'match', $2::uuid, now() - interval '40 days' FROM users u, generate_series(2, 98) s WHERE u.username = $1`,
      ['ana', href.split('/').pop()],
    );
    await sql(`UPDATE event_counters SET seq = 98 WHERE user_id = (SELECT id FROM users WHERE username = 'ana') RETURNING seq`);
    const count = async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM events e JOIN users u ON u.id = e.user_id WHERE u.username = 'ana'`))[0]!.n;
    await steps.send(ben, href, 'ninety-nine');
    expect(await count()).to.equal(99);
    await steps.send(ben, href, 'one hundred'); // seq 100: prunes the old ones
    expect(await count()).to.equal(3);
    const fromOld = await steps.take(ana, '/inbox/events?after=0');
    expect(fromOld.events.map((e) => e.seq)).to.deep.equal([1, 99, 100]);
    expect(fromOld.next).to.equal('/inbox/events?after=100');
  });

  it('when an account is suspended while its matches and their neighbours send, then nothing deadlocks and every side gets its unmatch once', async () => {
    const sue = await person(api.url, 'sue', { zipCode: '10001' });
    const others = await Promise.all(['ben', 'cleo', 'dan', 'eve', 'finn'].map((n) => person(api.url, n, { zipCode: '10002' })));
    const sueMatches = [];
    for (const o of others) sueMatches.push(await steps.match(sue, o));
    // The others are matched with each other too: their sends take counters the suspension needs.
    const pairs = [];
    for (let i = 0; i < others.length; i += 1) pairs.push(await steps.match(others[i]!, others[(i + 1) % others.length]!));
    const starts = await Promise.all(others.map((o) => steps.from(o)));
    const mod = await person(api.url, 'mod_mia', { zipCode: '60601' });
    await makeModerator('mod_mia');
    const report = await fileReport('ben', 'sue');
    const sends = [
      ...pairs.flatMap((href, i) => [steps.send(others[i]!, href, 'x'), steps.send(others[(i + 1) % others.length]!, href, 'y')]),
      ...sueMatches.map((href, i) => steps.send(others[i]!, href, 'to sue')),
    ];
    const suspended = call(api.url, 'POST', `/reports/${report}/suspend`, { token: mod.token, json: { note: 'spam' } });
    const replies = await Promise.all([...sends, suspended]);
    expect(replies.map((r) => r.status).filter((s) => s !== 201 && s !== 200 && s !== 404), JSON.stringify(replies.map((r) => r.status))).to.deep.equal([]);
    for (const [i, o] of others.entries()) {
      const seen = (await steps.take(o, starts[i]!)).events;
      expect(seen.filter((e) => e.type === 'unmatch').map((e) => e._links.match!.href), o.username).to.deep.equal([sueMatches[i]]);
    }
  });
});
