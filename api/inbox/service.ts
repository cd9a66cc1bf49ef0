import { QueryTypes, type Sequelize } from 'sequelize';
import { modelsOf, type User } from '../db/models.js';
import { preparedQueries } from '../db/prepared.js';
import { problems } from '../http/problems.js';
import type { MatchService, MatchView } from '../matches/service.js';
import type { ChatSettings } from '../messages/service.js';
import type { Notifier } from '../messages/notifier.js';
import type { PollLeases } from '../messages/polls.js';

export const EVENTS_PAGE = 100;

export type EventType = 'message' | 'match' | 'unmatch' | 'read';

export interface InboxEvent {
  seq: number;
  type: EventType;
  at: Date;
  matchId: string;
  message?: { id: number; senderId: string; from: string; body: string; sentAt: Date };
  /** A `match` event's match, while it is live. */
  match?: MatchView;
  readUpTo?: number;
}

interface Row {
  seq: string;
  type: EventType;
  at: Date;
  matchId: string;
  messageId: string | null;
  live: boolean;
  senderId: string | null;
  from: string | null;
  body: string | null;
  sentAt: Date | null;
}

/**
 * A user's events (migrations/0013 writes them): only ever the viewer's own rows, by their own
 * seq. A message or read of a match that has since ended is skipped (the conversation is gone,
 * as its messages are); its `unmatch` follows in the log. The cursor still moves past them.
 */
export function createInboxService(deps: { sequelize: Sequelize; matches: MatchService; notifier: Notifier; settings: ChatSettings; polls: PollLeases }) {
  const { sequelize, settings, polls, notifier } = deps;
  const { Match } = modelsOf(sequelize);
  const prepared = preparedQueries(sequelize);

  async function newest(viewer: User): Promise<number> {
    const [row] = await sequelize.query<{ seq: string }>('SELECT seq FROM event_counters WHERE user_id = $1', { bind: [viewer.id], type: QueryTypes.SELECT });
    return row ? Number(row.seq) : 0;
  }

  /** Events after `after`, oldest first, and the seq to follow next (past skipped ones too); `full` when there may be more. */
  async function since(viewer: User, after: number): Promise<{ events: InboxEvent[]; next: number; full: boolean; latest: number }> {
    // With the counter, read in the same snapshot: the newest seq there is (the notifier learns it).
    const all = await prepared<Row & { latest: string }>('friender_events_since',
      `SELECT c.latest, x.* FROM (SELECT coalesce((SELECT seq FROM event_counters WHERE user_id = $1), 0) AS latest) c
         LEFT JOIN LATERAL (
           SELECT e.seq, e.type, e.at, e.match_id AS "matchId", e.message_id AS "messageId", coalesce(mt.ended_at IS NULL, false) AS live,
                  m.sender_id AS "senderId", u.username AS "from", m.body, m.sent_at AS "sentAt"
             FROM events e
             LEFT JOIN matches mt ON mt.id = e.match_id
             LEFT JOIN messages m ON e.type = 'message' AND m.match_id = e.match_id AND m.id = e.message_id
             LEFT JOIN users u ON u.id = m.sender_id
            WHERE e.user_id = $1 AND e.seq > $2
            ORDER BY e.seq LIMIT $3) x ON true
        ORDER BY x.seq`,
      [viewer.id, after, EVENTS_PAGE],
    );
    const latest = Number(all[0]?.latest ?? 0);
    const rows = all.filter((r) => r.seq !== null);
    const kept = rows.filter((r) => (r.type === 'message' ? r.live && r.body !== null : r.type === 'read' ? r.live : true));
    const liveMatches = kept.filter((r) => r.type === 'match' && r.live).map((r) => r.matchId);
    const found = liveMatches.length ? await Match.findAll({ where: { id: liveMatches } }) : [];
    const views = new Map((await deps.matches.views(viewer, found)).map((v) => [v.match.id, v]));
    const events = kept.map((r): InboxEvent => {
      const base = { seq: Number(r.seq), type: r.type, at: new Date(r.at), matchId: r.matchId };
      if (r.type === 'message') {
        return { ...base, message: { id: Number(r.messageId), senderId: r.senderId!, from: r.from ?? '', body: r.body!, sentAt: new Date(r.sentAt!) } };
      }
      if (r.type === 'read') return { ...base, readUpTo: Number(r.messageId) };
      if (r.type === 'match') return { ...base, match: views.get(r.matchId) };
      return base;
    });
    const last = rows[rows.length - 1];
    return { events, next: last ? Number(last.seq) : after, full: rows.length === EVENTS_PAGE, latest };
  }

  return {
    newest,

    /**
     * Everything new after `after` (or, without it, from now): at once if there is any, else
     * held until something arrives (on any instance), the wait is over or the client goes away.
     * One held events poll counts once against the same cap as the conversations' polls.
     */
    async poll(viewer: User, after: number | undefined, waitSeconds: number, signal: AbortSignal): Promise<{ events: InboxEvent[]; next: number }> {
      const { lease, held } = await polls.take(viewer.id, waitSeconds);
      if (!lease) throw problems.tooManyRequests(1, `You already have ${held} polls waiting; at most ${settings.maxPollsPerUser} at once.`);
      // Up to 25% shorter at random, so polls that began together (a restart, a reconnecting city) spread out
      // within a few rounds instead of coming back together every time (bench:inbox's expiry wave).
      const deadline = Date.now() + waitSeconds * 1000 * (0.75 + Math.random() * 0.25);
      try {
        let cursor = after ?? (await newest(viewer));
        for (;;) {
          // Registered before the query: an event committed in between still wakes it.
          const waiter = notifier.registerUser(viewer.id);
          try {
            // Nothing newer than the cursor that this process has heard of: whatever comes wakes the
            // waiter registered above, so the read would find nothing (an idle poll's one query saved).
            // Not for a poll that will not wait: an event committed just before it may not be heard yet.
            const known = notifier.latestSeq(viewer.id);
            if (known === undefined || known > cursor || deadline <= Date.now()) {
              const epoch = notifier.epoch();
              const found = await since(viewer, cursor);
              notifier.learn(viewer.id, found.latest, epoch);
              cursor = found.next;
              if (found.events.length > 0 || signal.aborted) return { events: found.events, next: cursor };
              if (found.full) continue; // a page of skipped events: read on at once
            }
            const left = deadline - Date.now();
            if (left <= 0) return { events: [], next: cursor };
            // Past the wait: anything committed meanwhile would have woken it; the next poll reads on.
            if ((await waiter.wait(left, signal)) !== 'notified') return { events: [], next: cursor };
          } finally {
            waiter.cancel();
          }
        }
      } finally {
        await lease.release();
      }
    },
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
