import { expect } from 'chai';
import { call, type Reply } from '../../helpers/http.js';
import { expectDatabaseUnavailable, expectOnly503sWhileDown, killAndTimeRecovery, sleep } from '../../helpers/db-outage.js';
import { matchedPair, postmasterPid, preparedDataDir, Started } from '../../helpers/api-process.js';

interface SeenEvent {
  seq: number;
  type: string;
  _embedded?: { message?: { body: string; mine: boolean } };
}

interface Held {
  reply: Promise<Reply>;
  /** Milliseconds since the epoch when it answered, while it has not: undefined. */
  answeredAt(): number | undefined;
}

/**
 * One person following their inbox's `events` link from page to page, as a client does: on a 200
 * it moves on to `next`, on anything else it asks the same cursor again. Keeps every event it saw.
 */
class Follower {
  readonly seen: SeenEvent[] = [];
  readonly replies: Reply[] = [];

  private constructor(
    private readonly base: string,
    readonly token: string,
    /** The cursor it started from: a read from here later must give exactly what it saw. */
    readonly first: string,
    private href: string,
  ) {}

  static async fromInbox(base: string, token: string): Promise<Follower> {
    const inbox = await call(base, 'GET', '/inbox', { token });
    expect(inbox.status, inbox.text).to.equal(200);
    const events = inbox.body._links.events.href as string;
    return new Follower(base, token, events, events);
  }

  /** A poll on the cursor it has, held up to `wait` seconds. */
  hold(wait: number): Held {
    let answeredAt: number | undefined;
    const reply = call(this.base, 'GET', withWait(this.href, wait), { token: this.token }).then((r) => {
      answeredAt = Date.now();
      this.replies.push(r);
      if (r.status === 200) {
        this.seen.push(...(r.body._embedded.events as SeenEvent[]));
        this.href = r.body._links.next.href;
      }
      return r;
    });
    return { reply, answeredAt: () => answeredAt };
  }

  /** The message bodies it has seen, in order. */
  bodies(): string[] {
    return this.seen.filter((e) => e.type === 'message').map((e) => e._embedded!.message!.body);
  }
}

function withWait(href: string, wait: number): string {
  const url = new URL(href, 'http://x');
  url.searchParams.set('wait', String(wait));
  return `${url.pathname}${url.search}`;
}

/** Rejects when the poll has not answered `ms` after `since` (the kill, or when it was sent): a held poll must never hang. */
async function within(held: Held, since: number, ms: number, what: string): Promise<Reply> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), Math.max(0, since + ms - Date.now()));
  });
  try {
    return await Promise.race([held.reply, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A poll held over an outage answers empty, or 503 to retry: never a 500, never a page of something else. */
function expectEmptyOr503(reply: Reply, what: string): void {
  if (reply.status === 200) expect(reply.body._embedded.events, what).to.deep.equal([]);
  else expectDatabaseUnavailable(reply);
}

async function send(base: string, matchId: string, token: string, body: string): Promise<number> {
  const sent = await call(base, 'POST', `/matches/${matchId}/messages`, { token, json: { body } });
  expect(sent.status, sent.text).to.equal(201);
  return Date.now();
}

/** Everything from the first cursor, read again now: what a follower saw must be all of it, each once. */
async function expectEachEventOnce(base: string, who: Follower, bodies: string[]): Promise<void> {
  const seqs = who.seen.map((e) => e.seq);
  expect(new Set(seqs).size, `no event twice: ${seqs.join(', ')}`).to.equal(seqs.length);
  expect(seqs, 'in order').to.deep.equal([...seqs].sort((x, y) => x - y));
  expect(who.bodies()).to.deep.equal(bodies);
  const again = await call(base, 'GET', withWait(who.first, 0), { token: who.token });
  expect(again.status, again.text).to.equal(200);
  expect(again.body._embedded.events.map((e: SeenEvent) => e.seq), 'nothing lost: the database has what the follower saw, and no more').to.deep.equal(seqs);
}

describe('bin/api faults: the database dies while inbox events polls are held', function () {
  this.timeout(120_000);
  const started = new Started();
  afterEach(() => started.removeFolders());

  it('when its embedded PostgreSQL is killed under held events polls, then each answers soon without a 500, and after recovery the cursors they had deliver every event once, woken promptly', async () => {
    const dataDir = await preparedDataDir(started);
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await api.waitFor(/listening on/);
    // quiet: polls idle when the database dies. racing: a message sent the moment before it dies.
    const quiet = await matchedPair(api.base, 'evquiet');
    const racing = await matchedPair(api.base, 'evrace');
    const [qa, qb, ra, rb] = await Promise.all(
      [quiet.a, quiet.b, racing.a, racing.b].map((p) => Follower.fromInbox(api.base, p.token)),
    );

    // Each process now knows the quiet pair's newest seq: their next polls wait without reading.
    const primed = [qa.hold(20), qb.hold(20)];
    await sleep(300);
    const helloAt = await send(api.base, quiet.matchId, quiet.b.token, 'hello before the outage');
    for (const held of primed) expect((await held.reply).status).to.equal(200);
    expect(Date.now() - helloAt, 'woken by the notification').to.be.lessThan(3_000);

    const quietHeld = [qa.hold(20), qb.hold(20)];
    const racingHeld = [ra.hold(20), rb.hold(20)];
    await sleep(300);
    expect(quietHeld.map((h) => h.answeredAt()), 'held, with nothing to say yet').to.deep.equal([undefined, undefined]);
    const { ms, replies, killedAt } = await killAndTimeRecovery(api, postmasterPid(dataDir)!, quiet.a.token, async () => {
      await send(api.base, racing.matchId, racing.b.token, 'sent just before the kill');
    });
    expectOnly503sWhileDown(replies);
    const answered = await Promise.all([...quietHeld, ...racingHeld].map((h, i) => within(h, killedAt, 2_500, `held poll ${i}`)));
    answered.slice(0, 2).forEach((reply, i) => expectEmptyOr503(reply, `quiet poll ${i}`));
    for (const reply of answered.slice(2)) {
      if (reply.status !== 200) expectDatabaseUnavailable(reply);
    }
    const lateness = [...quietHeld, ...racingHeld].map((h) => h.answeredAt()! - killedAt);

    // Serving again, but its LISTEN connection may not be back yet (it retries every 2 s at most): no one hears this one.
    const unheard = !/chat notifications: listening again/.test(api.output());
    await send(api.base, quiet.matchId, quiet.b.token, 'sent as it came back');
    await api.waitFor(/chat notifications: listening again/, 10_000);
    console.log(`        held events polls answered ${lateness.join(', ')} ms after the kill (${answered.map((r) => r.status).join(', ')}); serving again after ${ms} ms, ${unheard ? 'before' : 'after'} notifications were back`);
    // Each follows the cursor it had: what came just before the kill and meanwhile is there at once.
    for (const [who, body] of [[qa, 'sent as it came back'], [qb, 'sent as it came back'], [ra, 'sent just before the kill'], [rb, 'sent just before the kill']] as const) {
      while (!who.bodies().includes(body)) {
        const held = who.hold(20);
        const reply = await within(held, Date.now(), 3_000, `catching up on "${body}"`);
        expect(reply.status, reply.text).to.equal(200);
      }
    }
    const woken = [qb.hold(20), qa.hold(20), rb.hold(20), ra.hold(20)];
    await sleep(300);
    expect(woken.map((h) => h.answeredAt()), 'held again after the recovery').to.deep.equal([undefined, undefined, undefined, undefined]);
    const sentAt = await send(api.base, quiet.matchId, quiet.a.token, 'after the recovery');
    await send(api.base, racing.matchId, racing.a.token, 'after the recovery');
    // Woken by the notification, not by their 20 s wait.
    for (const reply of await Promise.all(woken.map((h, i) => within(h, sentAt, 3_000, `poll ${i} held after the recovery`)))) {
      expect(reply.status, reply.text).to.equal(200);
    }
    expect(qb.seen.at(-1)!._embedded!.message).to.include({ body: 'after the recovery', mine: false });
    expect(qa.seen.at(-1)!._embedded!.message, "the sender's own events show it too").to.include({ body: 'after the recovery', mine: true });

    await expectEachEventOnce(api.base, qa, ['hello before the outage', 'sent as it came back', 'after the recovery']);
    await expectEachEventOnce(api.base, qb, ['hello before the outage', 'sent as it came back', 'after the recovery']);
    await expectEachEventOnce(api.base, ra, ['sent just before the kill', 'after the recovery']);
    await expectEachEventOnce(api.base, rb, ['sent just before the kill', 'after the recovery']);
    expect(api.output()).not.to.match(/failed:|\n\s+at /);
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });
});
