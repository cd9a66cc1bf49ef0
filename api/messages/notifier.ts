import pg from 'pg';

import { CHAT_CHANNEL } from '../matches/service.js';

export const CHANNEL = CHAT_CHANNEL;
/** A user's events (migrations/0013: friender_event notifies with the user's id). */
export const EVENTS_CHANNEL = 'friender_events';

export type Wake = 'notified' | 'timeout' | 'aborted';

export interface Waiter {
  /** Resolves on a notification for the match (or a reconnect), the timeout, or the abort. */
  wait(timeoutMs: number, signal: AbortSignal): Promise<Wake>;
  cancel(): void;
}

export interface Notifier {
  /**
   * Registers interest in a match before the caller queries it, so a message committed
   * between the query and the wait still wakes it (the database stays the source of truth).
   */
  register(matchId: string): Waiter;
  /** The same for a user's events (the inbox's events poll). */
  registerUser(userId: string): Waiter;
  /**
   * The newest event seq this process knows a user has, while listening (else undefined). Every
   * seq above it is still to be notified, so a poll that registered its waiter first and finds
   * its cursor at or past this may wait without querying: anything newer wakes it.
   */
  latestSeq(userId: string): number | undefined;
  /** A token for learn(): it goes stale when the connection is lost or the table is emptied. */
  epoch(): number;
  /** What a query (begun after `epoch` was read) saw as the user's newest seq. */
  learn(userId: string, seq: number, epoch: number): void;
  /** How many waiters are registered now (tests count them; operators may too). */
  waiting(): number;
  close(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
// About 100 bytes each: emptied (forgetting is safe, it only costs a query) rather than grown past this.
const MAX_KNOWN_SEQS = 200_000;
// Short: once the database is back (an embedded one restarts in about a second), polls wake again soon.
const MAX_RETRY_MS = 2_000;

interface Entry {
  woken: boolean;
  wake?: () => void;
}

/**
 * One LISTEN connection per process, whatever the number of waiting requests: NOTIFY from
 * any instance (sent in the same transaction as the message) reaches every instance's waiters.
 * If the connection drops, every waiter is woken to re-query, and it reconnects with backoff
 * (0.25 s doubling to 2 s) for as long as it takes, logging the loss and the return once each.
 */
export async function createNotifier(databaseUrl: string, log: (line: string) => void = () => {}): Promise<Notifier> {
  const byMatch = new Map<string, Set<Entry>>();
  let count = 0;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // Only what was heard on the current connection: a new connection (or emptying) starts a new epoch.
  const known = new Map<string, number>();
  let epoch = 0;
  const forget = () => {
    known.clear();
    epoch += 1;
  };
  const heard = (userId: string, seq: number) => {
    if (known.size >= MAX_KNOWN_SEQS && !known.has(userId)) forget();
    if (seq > (known.get(userId) ?? -1)) known.set(userId, seq);
  };

  const wakeAll = () => {
    for (const entries of byMatch.values()) for (const entry of entries) fire(entry);
  };
  const fire = (entry: Entry) => {
    entry.woken = true;
    entry.wake?.();
  };

  // While the database is away: one line when it goes, one when it is back, none per attempt.
  let downSince: number | undefined;
  const down = (reason: string) => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    log(`chat notifications: database connection lost (${reason}); reconnecting`);
  };
  const retryIn = (delayMs: number) => {
    clearTimeout(retry);
    retry = setTimeout(() => connect(Math.min(delayMs * 2, MAX_RETRY_MS)).catch(() => {}), delayMs);
  };

  async function connect(delayMs: number, first = false): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: 'friender-listen', keepAlive: true });
    next.on('notification', (msg) => {
      let key = msg.payload ?? '';
      if (msg.channel === EVENTS_CHANNEL) {
        // "<user id>:<seq>" (migrations/0014)
        const [userId = '', seq] = key.split(':');
        key = userId;
        if (client === next && seq !== undefined) heard(userId, Number(seq));
      }
      for (const entry of byMatch.get(`${msg.channel}:${key}`) ?? []) fire(entry);
    });
    next.on('error', (err) => {
      // Before it is ours, a failure is the awaited connect's or LISTEN's to handle below.
      if (closed || client !== next) return;
      client = undefined;
      forget();
      next.end().catch(() => {});
      down(err.message);
      wakeAll(); // anything missed while down is found by the waiters' own queries
      retryIn(FIRST_RETRY_MS);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}; LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      await next.end().catch(() => {});
      if (closed || first) throw err; // at start-up the caller reports it
      down((err as Error).message);
      retryIn(delayMs);
      throw err;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    forget(); // nothing heard before this connection listened can be trusted as complete
    client = next;
    if (downSince !== undefined) log(`chat notifications: listening again, ${Date.now() - downSince} ms after the connection was lost`);
    downSince = undefined;
    wakeAll();
  }
  await connect(FIRST_RETRY_MS, true);

  function register(key: string): Waiter {
    const entry: Entry = { woken: false };
    let set = byMatch.get(key);
    if (!set) byMatch.set(key, (set = new Set()));
    set.add(entry);
    count += 1;
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      count -= 1;
      const entries = byMatch.get(key);
      entries?.delete(entry);
      if (entries?.size === 0) byMatch.delete(key);
      entry.wake?.();
    };
    return {
      cancel,
      wait(timeoutMs, signal) {
        if (entry.woken) return Promise.resolve('notified');
        if (signal.aborted) return Promise.resolve('aborted');
        return new Promise<Wake>((resolve) => {
          const done = (why: Wake) => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            entry.wake = undefined;
            resolve(why);
          };
          const onAbort = () => done('aborted');
          const timer = setTimeout(() => done('timeout'), timeoutMs);
          signal.addEventListener('abort', onAbort, { once: true });
          entry.wake = () => done(cancelled ? 'aborted' : 'notified');
        });
      },
    };
  }

  return {
    register: (matchId) => register(`${CHANNEL}:${matchId}`),
    registerUser: (userId) => register(`${EVENTS_CHANNEL}:${userId}`),
    latestSeq: (userId) => (client ? known.get(userId) : undefined),
    epoch: () => epoch,
    learn(userId, seq, at) {
      if (client && at === epoch) heard(userId, seq);
    },
    waiting: () => count,
    async close() {
      closed = true;
      const listening = client;
      client = undefined;
      forget();
      clearTimeout(retry);
      wakeAll();
      await listening?.end().catch(() => {});
    },
  };
}
