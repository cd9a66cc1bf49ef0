import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { person, type TestUser } from '../../helpers/factories.js';
import { inboxSteps, type Event } from './steps.js';

describe('inbox events under concurrent senders, reconnects and two instances', () => {
  let api: TestApi;
  let other: TestApi;
  const chat = { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 };
  before(async () => {
    api = await startTestApi({ config: { chat } });
    other = await startTestApi({ config: { chat } });
  });
  after(async () => {
    await other.close();
    await api.close();
  });
  const steps = inboxSteps(() => api.url);

  /**
   * Follows next until `want` message events arrived, dropping the held request at random
   * moments (a reconnect) and asking again with the same cursor, alternating instances.
   */
  async function follow(who: TestUser, start: string, want: number): Promise<Event[]> {
    const seen: Event[] = [];
    let href = start;
    const deadline = Date.now() + 20_000;
    let turn = 0;
    while (seen.filter((e) => e.type === 'message').length < want && Date.now() < deadline) {
      turn += 1;
      const base = turn % 2 ? api.url : other.url;
      const gone = new AbortController();
      const drop = setTimeout(() => gone.abort(), Math.random() * 60);
      try {
        const res = await fetch(new URL(`${href}&wait=2`, base), { headers: { authorization: `Bearer ${who.token}`, accept: 'application/hal+json' }, signal: gone.signal });
        const body = await res.json();
        expect(res.status, JSON.stringify(body)).to.equal(200);
        seen.push(...body._embedded.events);
        href = body._links.next.href;
      } catch (err) {
        if ((err as Error).name !== 'AbortError') throw err; // dropped: ask again from the same cursor
      } finally {
        clearTimeout(drop);
      }
    }
    return seen;
  }

  it('when 40 messages race across four matches on two instances, then each reader gets every one exactly once, in seq order, with no gaps', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const others = await Promise.all(['ben', 'cleo', 'dan', 'eve'].map((name) => person(api.url, name, { zipCode: '10002' })));
    const matches = [];
    for (const o of others) matches.push(await steps.match(ana, o));
    const anaStart = await steps.from(ana);
    const benStart = await steps.from(others[0]!);
    const readers = [follow(ana, anaStart, 40), follow(others[0]!, benStart, 10)];
    const sends = matches.flatMap((href, i) =>
      Array.from({ length: 5 }, (_, k) => [
        steps.send(ana, href, `ana ${i}.${k}`, k % 2 ? api.url : other.url),
        steps.send(others[i]!, href, `${others[i]!.username} ${k}`, k % 2 ? other.url : api.url),
      ]).flat(),
    );
    const sent = await Promise.all(sends);
    expect(sent.map((r) => r.status)).to.deep.equal(Array(40).fill(201));
    const [anaSeen, benSeen] = await Promise.all(readers);
    for (const [seen, count, name] of [[anaSeen!, 40, 'ana'], [benSeen!, 10, 'ben']] as const) {
      const seqs = seen.map((e) => e.seq);
      const first = seqs[0]!;
      expect(seqs, `${name}: consecutive seqs, none twice`).to.deep.equal(seqs.map((_, i) => first + i));
      const ids = seen.map((e) => e._embedded!.message!.id);
      expect(new Set(ids).size, `${name}: each message once`).to.equal(count);
      expect(ids.length).to.equal(count);
    }
    expect(new Set(anaSeen!.map((e) => e._embedded!.message!.id))).to.deep.equal(new Set(sent.map((r) => r.body.id)));
    // Within one conversation, the events come in the messages' own order.
    for (const href of matches) {
      const inMatch = anaSeen!.filter((e) => e._links.match!.href === href).map((e) => e._embedded!.message!.id);
      expect(inMatch).to.deep.equal([...inMatch].sort((a, b) => a - b));
    }
  });
});
