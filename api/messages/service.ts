import { QueryTypes, type Sequelize } from 'sequelize';
import type { User } from '../db/models.js';
import { preparedQueries } from '../db/prepared.js';
import { HttpProblem, problems } from '../http/problems.js';
import { noSuchMatch, type MatchService } from '../matches/service.js';
import { CHANNEL, type Notifier } from './notifier.js';
import { UUID } from '../http/ids.js';
import { secondsUntil, takeArgs } from '../limits/limiter.js';
import type { Clock } from '../clock.js';
import type { PollLeases } from './polls.js';

export interface Message {
  id: number;
  senderId: string;
  from: string;
  body: string;
  sentAt: Date;
}

export interface ChatSettings {
  pageSize: number;
  defaultWaitSeconds: number;
  maxPollsPerUser: number;
  messagesPerMinute: number;
}

/** Of match `mt`, how far the other side (not $2) has read, only while both have read receipts on. */
const READ_UP_TO = `SELECT nullif(r.last_read_id, 0) FROM match_reads r, users a, users b
   WHERE r.match_id = mt.id AND r.user_id <> $2 AND a.id = mt.user_a AND b.id = mt.user_b AND a.read_receipts AND b.read_receipts`;

const SELECT = `SELECT m.id::int8 AS id, m.sender_id AS "senderId", u.username AS "from", m.body, m.sent_at AS "sentAt"
  FROM messages m JOIN users u ON u.id = m.sender_id`;

export function createMessageService(deps: {
  sequelize: Sequelize;
  matches: MatchService;
  notifier: Notifier;
  settings: ChatSettings;
  clock: Clock;
  polls: PollLeases;
}) {
  const { sequelize, matches, notifier, settings, clock, polls } = deps;
  // Every send runs it: planned once per connection.
  const prepared = preparedQueries(sequelize);

  const rows = (sql: string, bind: unknown[]) =>
    sequelize.query<Message>(sql, { bind, type: QueryTypes.SELECT }).then((list) => list.map((m) => ({ ...m, id: Number(m.id) })));

  /**
   * Following the messages marks them read, up to the newest one handed out. Unread counts only
   * the other side's messages, so a page of one's own (a sender's poll wakes too) writes nothing.
   */
  async function markRead(viewer: User, matchId: string, list: Message[]): Promise<void> {
    const newest = list.reduce((max, m) => (m.senderId === viewer.id ? max : Math.max(max, m.id)), 0);
    if (newest === 0) return;
    await sequelize.query(
      `INSERT INTO match_reads (match_id, user_id, last_read_id) VALUES ($1, $2, $3)
       ON CONFLICT (match_id, user_id) DO UPDATE SET last_read_id = greatest(match_reads.last_read_id, EXCLUDED.last_read_id)`,
      { bind: [matchId, viewer.id, newest] },
    );
  }

  /**
   * What is new after `after` in a live match of the viewer's — whether the match is live (an
   * ended one is a 404, also to a poll it wakes) and the messages, in one query and one round trip.
   */
  async function newSince(viewer: User, matchId: string, after: number): Promise<Message[] & { readUpTo?: number }> {
    const found = await sequelize.query<Message & { match: string; upTo: string | null }>(
      `SELECT mt.id AS match, x.*, (${READ_UP_TO}) AS "upTo" FROM matches mt
         LEFT JOIN LATERAL (${SELECT} WHERE m.match_id = mt.id AND m.id > $3 ORDER BY m.id LIMIT $4) x ON true
        WHERE mt.id = $1 AND mt.ended_at IS NULL AND (mt.user_a = $2 OR mt.user_b = $2)
        ORDER BY x.id`,
      { bind: [matchId, viewer.id, after, settings.pageSize], type: QueryTypes.SELECT },
    );
    if (found.length === 0) throw noSuchMatch();
    const list: Message[] & { readUpTo?: number } = found.filter((m) => m.id !== null).map(({ match: _match, upTo: _upTo, ...m }) => ({ ...m, id: Number(m.id) }));
    if (found[0]!.upTo !== null) list.readUpTo = Number(found[0]!.upTo);
    return list;
  }

  const mustBeId = (matchId: string) => {
    if (!UUID.test(matchId)) throw noSuchMatch();
  };

  return {
    settings,

    /**
     * The newest of the viewer's messages the other side has read, only while both have read
     * receipts on (fair both ways); undefined otherwise, or when they have read none.
     */
    async readUpTo(viewer: User, matchId: string): Promise<number | undefined> {
      const [row] = await sequelize.query<{ upTo: string | null }>(`SELECT (${READ_UP_TO}) AS "upTo" FROM matches mt WHERE mt.id = $1 AND (mt.user_a = $2 OR mt.user_b = $2)`, {
        bind: [matchId, viewer.id],
        type: QueryTypes.SELECT,
      });
      return row?.upTo != null ? Number(row.upTo) : undefined;
    },

    /** The newest page (or the one before `before`), oldest first. */
    async page(viewer: User, matchId: string, before?: number): Promise<Message[]> {
      mustBeId(matchId);
      await matches.find(viewer, matchId);
      const list = await rows(
        `SELECT * FROM (${SELECT} WHERE m.match_id = $1 AND ($2::int8 IS NULL OR m.id < $2) ORDER BY m.id DESC LIMIT $3) newest ORDER BY id`,
        [matchId, before ?? null, settings.pageSize],
      );
      await markRead(viewer, matchId, list);
      return list;
    },

    /**
     * One message of a live match of the viewer's. Someone else's match or an ended one is the
     * match's 404; reading one message marks nothing read (following the pages does).
     */
    async one(viewer: User, matchId: string, messageId: string): Promise<Message> {
      mustBeId(matchId);
      await matches.find(viewer, matchId);
      const [message] = /^\d{1,15}$/.test(messageId) ? await rows(`${SELECT} WHERE m.match_id = $1 AND m.id = $2`, [matchId, Number(messageId)]) : [];
      if (!message) throw problems.notFound('No such message in this conversation.');
      return message;
    },

    /**
     * Messages after `after`: at once if there are any, else held until one arrives (on any
     * instance), the wait is over, the match ends, or the client goes away. The list carries
     * `readUpTo` (as readUpTo() tells it), read in the same query as the messages.
     */
    async poll(viewer: User, matchId: string, after: number, waitSeconds: number, signal: AbortSignal): Promise<Message[] & { readUpTo?: number }> {
      mustBeId(matchId);
      // Counted across every instance (polls.ts): the place is taken before the wait, given back after it.
      const { lease, held } = await polls.take(viewer.id, waitSeconds);
      if (!lease) {
        // Someone else's match is a 404 before it is a 429 (checked only here: it costs a query).
        await matches.find(viewer, matchId);
        throw problems.tooManyRequests(1, `You already have ${held} polls waiting; at most ${settings.maxPollsPerUser} at once.`);
      }
      // Up to 25% shorter at random, so polls that began together (a restart, a reconnecting city) spread out
      // within a few rounds instead of coming back together every time (bench:inbox's expiry wave).
      const deadline = Date.now() + waitSeconds * 1000 * (0.75 + Math.random() * 0.25);
      try {
        for (;;) {
          const waiter = notifier.register(matchId);
          try {
            const list = await newSince(viewer, matchId, after);
            const left = deadline - Date.now();
            if (list.length > 0 || left <= 0 || signal.aborted) {
              // Read state is bookkeeping: the answer does not wait for it.
              markRead(viewer, matchId, list).catch(() => {});
              return list;
            }
            const why = await waiter.wait(left, signal);
            if (why === 'aborted') return [];
          } finally {
            waiter.cancel();
          }
        }
      } finally {
        await lease.release();
      }
    },

    async send(viewer: User, matchId: string, body: string): Promise<Message> {
      mustBeId(matchId);
      // One statement, so one round trip and its own transaction: it locks the live match (sends
      // within a match go one at a time, so ids commit in order — the cursor relies on it), takes
      // one of the sender's sends for this minute (friender_take, under a lock per sender, so
      // concurrent sends in different matches cannot pass the limit together; only for a live
      // match, and given back if the insert fails), inserts only if allowed, and notifies every
      // instance's listener when (and only if) it commits.
      const now = clock.now();
      const [row] = await prepared<{ live: boolean; retry: Date | null; id: number | null; sentAt: Date | null }>(
        'friender_send',
        `WITH mt AS (
           SELECT id FROM matches WHERE id = $1 AND ended_at IS NULL AND (user_a = $2 OR user_b = $2) FOR NO KEY UPDATE
         ), gate AS (
           SELECT friender_take($6, $7, $8, $9, $10) AS retry FROM mt
         ), ins AS (
           INSERT INTO messages (match_id, sender_id, body)
           SELECT mt.id, $2, $3 FROM mt, gate WHERE gate.retry IS NULL
           RETURNING id, sent_at
         )
         SELECT EXISTS (SELECT FROM mt) AS live, (SELECT retry FROM gate) AS retry, ins.id::int8 AS id, ins.sent_at AS "sentAt",
                CASE WHEN ins.id IS NOT NULL THEN pg_notify($4, $5) END AS notified
           FROM (SELECT 1) one LEFT JOIN ins ON true`,
        [matchId, viewer.id, body, CHANNEL, matchId, ...takeArgs([{ key: `send:${viewer.id}`, max: settings.messagesPerMinute, windowSeconds: 60 }], now)],
      );
      if (!row?.live) throw noSuchMatch();
      if (row.id === null || row.sentAt === null) {
        const wait = row.retry ? secondsUntil(new Date(row.retry), now) : 60;
        throw new HttpProblem(429, 'too-many-messages', 'Too many messages', `You may send ${settings.messagesPerMinute} messages a minute; wait ${wait} s.`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      return { id: Number(row.id), senderId: viewer.id, from: viewer.username, body, sentAt: new Date(row.sentAt) };
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
