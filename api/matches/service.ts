import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { modelsOf, type Match, type User } from '../db/models.js';
import { problems } from '../http/problems.js';
import { loadPeople, type Person } from '../people/cards.js';
import { dayOf } from '../accounts/schemas.js';
import { UUID } from '../http/ids.js';
import { pageOfMatches, type Cursor } from './paging.js';

/** Someone else's match, an ended one and no match at all look the same: they do not exist for the viewer. */
export const noSuchMatch = () => problems.notFound('No such match among yours.');

/** The NOTIFY channel chat waiters listen on (see messages/notifier.ts). */
export const CHAT_CHANNEL = 'friender_chat';


export interface MatchView {
  match: Match;
  other: Person;
  /** Messages from the other user that the viewer has not followed yet. */
  unread: number;
  last?: { body: string; from: string; sentAt: Date };
}

interface ChatState {
  id: string;
  unread: number;
  body: string | null;
  from: string | null;
  sentAt: Date | null;
}

/** Unread counts and the newest message of each match, in one query. */
async function chatStates(sequelize: Sequelize, viewerId: string, ids: string[]): Promise<Map<string, ChatState>> {
  if (ids.length === 0) return new Map();
  const rows = await sequelize.query<ChatState>(
    `SELECT m.id,
            (SELECT count(*)::int FROM messages x
              WHERE x.match_id = m.id AND x.sender_id <> $1
                AND x.id > coalesce((SELECT r.last_read_id FROM match_reads r WHERE r.match_id = m.id AND r.user_id = $1), 0)) AS unread,
            last.body, last.username AS "from", last.sent_at AS "sentAt"
       FROM unnest($2::uuid[]) AS m(id)
       LEFT JOIN LATERAL (
         SELECT x.body, u.username, x.sent_at FROM messages x JOIN users u ON u.id = x.sender_id
          WHERE x.match_id = m.id ORDER BY x.id DESC LIMIT 1
       ) last ON true`,
    { bind: [viewerId, ids], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Whole miles from the viewer's ZIP to each other user's place, for the cards (as on candidates). */
async function distances(sequelize: Sequelize, viewerId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await sequelize.query<{ id: string; miles: number }>(
    `SELECT t.id, friender_miles(round(earth_distance(zt.location, zv.location))::int) AS miles
     FROM users v JOIN zip_codes zv ON zv.zip = v.zip_code, users t JOIN zip_codes zt ON zt.zip = t.place_zip
     WHERE v.id = $1 AND t.id = ANY($2::uuid[])`,
    { bind: [viewerId, ids], type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.id, r.miles]));
}

export function createMatchService(deps: { sequelize: Sequelize; clock: { now(): Date } }) {
  const { sequelize } = deps;
  const { Match } = modelsOf(sequelize);
  const otherOf = (match: Match, me: string) => (match.userA === me ? match.userB : match.userA);

  async function views(viewer: User, matches: Match[]): Promise<MatchView[]> {
    const ids = matches.map((m) => otherOf(m, viewer.id));
    const [people, states] = await Promise.all([
      distances(sequelize, viewer.id, ids).then((miles) => loadPeople(sequelize, ids, miles, dayOf(deps.clock.now()))),
      chatStates(sequelize, viewer.id, matches.map((m) => m.id)),
    ]);
    const byId = new Map(people.map((p) => [p.user.id, p]));
    return matches.flatMap((match) => {
      const other = byId.get(otherOf(match, viewer.id));
      const state = states.get(match.id);
      const last = state?.body != null ? { body: state.body, from: state.from ?? '', sentAt: new Date(state.sentAt!) } : undefined;
      return other ? [{ match, other, unread: state?.unread ?? 0, last }] : [];
    });
  }

  /** A live match of the viewer's; anyone else's, an ended one or a made-up id are all just absent. */
  async function find(viewer: User, id: string): Promise<Match> {
    const match = UUID.test(id)
      ? await Match.findOne({ where: { id, endedAt: null, [Op.or]: [{ userA: viewer.id }, { userB: viewer.id }] } })
      : null;
    if (!match) throw noSuchMatch();
    return match;
  }

  return {
    find,
    views,
    /** A page of live matches, newest activity first (paging.ts); the id breaks ties so the order is stable. */
    async page(viewer: User, limit: number, after?: Cursor): Promise<{ views: MatchView[]; next?: Cursor; prev?: Cursor }> {
      const { ids, next, prev } = await pageOfMatches(sequelize, viewer.id, limit, after);
      const found = ids.length ? await Match.findAll({ where: { id: ids } }) : [];
      const byId = new Map(found.map((m) => [m.id, m]));
      return { views: await views(viewer, ids.flatMap((id) => byId.get(id) ?? [])), next, prev };
    },
    async view(viewer: User, id: string): Promise<MatchView> {
      const [view] = await views(viewer, [await find(viewer, id)]);
      if (!view) throw noSuchMatch();
      return view;
    },
    /** The viewer's live match with username (by name, case aside), as the matches list shows it. */
    async withUser(viewer: User, username: string): Promise<MatchView | undefined> {
      const [row] = await sequelize.query<{ id: string }>(
        `SELECT m.id FROM matches m JOIN users u ON u.id = CASE WHEN m.user_a = $1 THEN m.user_b ELSE m.user_a END
          WHERE m.ended_at IS NULL AND (m.user_a = $1 OR m.user_b = $1) AND lower(u.username) = lower($2)`,
        { bind: [viewer.id, username], type: QueryTypes.SELECT },
      );
      const match = row ? await Match.findByPk(row.id) : null;
      if (!match) return undefined;
      const [view] = await views(viewer, [match]);
      return view;
    },
    /**
     * Ends the live match between `by` and `other`, if there is one, inside the caller's
     * transaction, exactly as `end` does (ended by `by`, the same NOTIFY): a block is an unmatch
     * to the other side.
     */
    async endBetween(by: string, other: string, transaction: Transaction): Promise<void> {
      const [userA, userB] = [by, other].sort() as [string, string];
      const [, ended] = await Match.update({ endedAt: deps.clock.now(), endedBy: by }, { where: { userA, userB, endedAt: null }, transaction, returning: true });
      for (const match of ended) await sequelize.query('SELECT pg_notify($1, $2)', { bind: [CHAT_CHANNEL, match.id], transaction });
    },
    /** Ends it for both; the swipes stay, so neither is ever shown the other again. */
    async end(viewer: User, id: string): Promise<void> {
      const match = await find(viewer, id);
      await sequelize.transaction(async (transaction) => {
        const [count] = await Match.update({ endedAt: deps.clock.now(), endedBy: viewer.id }, { where: { id: match.id, endedAt: null }, transaction });
        if (count === 0) throw noSuchMatch();
        // Polls held on this conversation, on any instance, wake and find it ended.
        await sequelize.query('SELECT pg_notify($1, $2)', { bind: [CHAT_CHANNEL, match.id], transaction });
      });
    },
  };
}

export type MatchService = ReturnType<typeof createMatchService>;
