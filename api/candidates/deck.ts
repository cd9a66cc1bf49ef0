import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { User } from '../db/models.js';
import type { Cursor } from './schemas.js';
import { CANDIDATES_SQL } from './ranking.js';
import { namedStatement, preparedQueries } from '../db/prepared.js';
import { ME, pairRules, ruleBinds } from './rules.js';

export interface DeckSettings {
  /** People ranked per build (DECK_SIZE). */
  size: number;
  /** A deck older than this is ranked again, so new arrivals and changed scores come in (DECK_TTL_SECONDS). */
  ttlSeconds: number;
}

export interface DeckRow {
  id: string;
  miles: number;
  score: number;
}

interface Build {
  version: number;
  builtAt: Date;
  from: Key | null;
  last: Key | null;
  complete: boolean;
}

/**
 * Someone paging on past the first deck ranks twice as many at a time (half as many rankings
 * beside their pages), and starts when two thirds of a deck's worth is left: a ranking of 80,000
 * people in reach takes ~90 ms, and a script paging without pause reads 19 pages in that time.
 */
const EXTEND_FACTOR = 2;
const EXTEND_WHEN = 2 / 3;

/** A deck position: the deck order's sort key, shared tags stored negated so it ascends. */
type Key = [negScore: number, miles: number, id: string];

const keyOf = (c: Cursor | undefined): Key | null => (c ? [-c.score, c.miles, c.id] : null);
const cursorOf = (k: Key | null) => (k ? { score: -k[0], miles: k[1], id: k[2] } : undefined);
/** Lexicographic, as PostgreSQL compares the row (uuids compare as their lowercase hex does). */
function compare(a: Key, b: Key): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}

/**
 * Ranks the next `size` people after a position and keeps them as the viewer's deck rows (one
 * statement: CANDIDATES_SQL, the same query a page ran before decks, with a larger LIMIT).
 */
const EXTEND_SQL = `
  WITH built AS (${CANDIDATES_SQL}),
  ins AS (
    INSERT INTO decks (viewer_id, neg_score, miles, candidate_id)
    SELECT $viewer, -b.score, b.miles, b.id FROM built b
    ON CONFLICT DO NOTHING
  )
  SELECT count(*)::int AS n,
         (array_agg(-b.score ORDER BY b.score ASC, b.miles DESC, b.id DESC))[1] AS "negScore",
         (array_agg(b.miles ORDER BY b.score ASC, b.miles DESC, b.id DESC))[1] AS miles,
         (array_agg(b.id ORDER BY b.score ASC, b.miles DESC, b.id DESC))[1] AS id
    FROM built b`;

/**
 * A page from the deck, with every rule checked again on the rows it returns, at once: an answer,
 * a block either way, a snooze, a suspension, an incomplete profile, a move out of reach, a
 * changed age range or mutual radius on the other side — whatever happened since the ranking.
 *
 * The rules are checked on a slice of the next $window deck rows, read first in deck order. Left
 * to itself the planner checked every row after the cursor and sorted them (a deck's rows come
 * and go faster than its statistics: it expects 2 where there are 300), 7 ms a page where 10
 * rows need 0.3. So a page is the first $limit of the slice that pass; the slice's size and last
 * key (`scanned`, `edge*`) say whether to read the next slice, and `ahead` how many deck rows lie
 * past the cursor before any check (to extend in time). One row with a null id when none pass.
 */
const APART = 'friender_miles(round(earth_distance(zu.location, me.place))::int)';
const PAGE_SQL = `
  WITH me AS (${ME}),
  slice AS MATERIALIZED (
    SELECT d.neg_score, d.miles, d.candidate_id FROM decks d
     WHERE d.viewer_id = $viewer AND (d.neg_score, d.miles, d.candidate_id) > (-$score::int, $miles::int, $after::uuid)
     ORDER BY d.neg_score, d.miles, d.candidate_id
     LIMIT $window
  ),
  edge AS (
    SELECT count(*)::int AS scanned,
           (array_agg(neg_score ORDER BY neg_score DESC, miles DESC, candidate_id DESC))[1] AS "edgeNegScore",
           (array_agg(miles ORDER BY neg_score DESC, miles DESC, candidate_id DESC))[1] AS "edgeMiles",
           (array_agg(candidate_id ORDER BY neg_score DESC, miles DESC, candidate_id DESC))[1] AS "edgeId",
           (SELECT count(*) FROM decks a WHERE a.viewer_id = $viewer
              AND (a.neg_score, a.miles, a.candidate_id) > (-$score::int, $miles::int, $after::uuid))::int AS ahead
      FROM slice
  )
  SELECT shown.id, shown.miles, shown.score, edge.* FROM edge LEFT JOIN LATERAL (
    SELECT d.candidate_id AS id, d.miles, -d.neg_score AS score
      FROM me, slice d
      JOIN users u ON u.id = d.candidate_id AND u.complete AND u.suspended_at IS NULL
      JOIN zip_codes zu ON zu.zip = u.place_zip
     WHERE NOT EXISTS (SELECT FROM swipes s WHERE s.swiper_id = $viewer AND s.swipee_id = d.candidate_id)
       AND ${APART} <= me.reach
       AND ${pairRules(APART)}
     ORDER BY d.neg_score, d.miles, d.candidate_id
     LIMIT $limit
  ) shown ON true`;
// Every page runs it: planned once per connection (db/prepared.ts).
const BEFORE_ALL = { score: 2_147_483_647, miles: -1, after: '00000000-0000-0000-0000-000000000000' };
export const PAGE = namedStatement('friender_deck_page', PAGE_SQL);

/**
 * Each viewer's deck of the next few hundred people, ranked once. Ranking everyone in reach is
 * what a page cost before (every page: 50,000 people within 25 miles of Manhattan in a dense
 * city); reading the next rows of one's own deck costs the same wherever one lives.
 *
 * - A page reads the deck after its cursor and checks every rule again on those rows, so answers,
 *   blocks, snoozes and moves count at once; only the ranking is as old as the deck.
 * - The deck is ranked again (from the page's cursor) when it is missing, older than ttlSeconds
 *   or from another UTC day (so new arrivals and changed scores or
 *   ages come in), from another version of the viewer's profile (radius, ZIP, ages…), or the
 *   cursor is before where it starts (a client starting over) or past its end. Undoing a pass
 *   and lifting a block rank the decks concerned again at once (undo.ts, blocks/service.ts).
 * - When fewer than two thirds of `size` rows are left, the next 2 × `size` are ranked after its last
 *   row in the background (so no page waits), and synchronously when a page runs out before the end.
 * - No one is shown twice while following `next`: the deck order is the cursor's order, and rows
 *   are only ever read after the cursor.
 */
export function createDeck(deps: { sequelize: Sequelize; settings: DeckSettings; log?: (line: string) => void }) {
  const { sequelize, settings } = deps;
  const extending = new Map<string, Promise<void>>();
  const prepared = preparedQueries(sequelize);

  async function build(viewerId: string, t?: Transaction): Promise<Build | undefined> {
    const [row] = await sequelize.query<Record<string, unknown>>('SELECT * FROM deck_builds WHERE viewer_id = $1', { bind: [viewerId], type: QueryTypes.SELECT, transaction: t });
    if (!row) return undefined;
    const key = (p: string): Key | null => (row[`${p}_id`] ? [Number(row[`${p}_neg_score`]), Number(row[`${p}_miles`]), String(row[`${p}_id`])] : null);
    return { version: Number(row.version), builtAt: new Date(row.built_at as string), from: key('from'), last: key('last'), complete: Boolean(row.complete) };
  }

  /** Ranks `size` people after `from` and appends them; returns the new last key and whether the deck now reaches the end. */
  async function rankAfter(viewer: User, from: Key | null, now: Date, t: Transaction, size = settings.size): Promise<{ last: Key | null; complete: boolean }> {
    const c = cursorOf(from);
    const [row] = await sequelize.query<{ n: number; negScore: number | null; miles: number | null; id: string | null }>(EXTEND_SQL, {
      // Snoozed people are ranked too ($now, the rules' only use of it, as 'infinity'): a page leaves
      // them out while they sleep, and they are in their place again the moment the snooze ends.
      bind: { ...ruleBinds(viewer.id, now), now: 'infinity', limit: size, score: c?.score ?? null, miles: c?.miles ?? null, after: c?.id ?? null },
      type: QueryTypes.SELECT,
      transaction: t,
    });
    const last: Key | null = row?.id ? [Number(row.negScore), Number(row.miles), row.id] : null;
    return { last, complete: (row?.n ?? 0) < size };
  }

  /** A new deck for the viewer, ranked from `from`. */
  async function rebuild(viewer: User, from: Key | null, now: Date): Promise<Build> {
    return sequelize.transaction(async (t) => {
      // One builder per viewer at a time (two terminals paging at once take turns).
      await sequelize.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', { bind: [viewer.id], transaction: t });
      await sequelize.query('DELETE FROM deck_builds WHERE viewer_id = $1', { bind: [viewer.id], transaction: t });
      await sequelize.query(
        `INSERT INTO deck_builds (viewer_id, version, built_at, from_neg_score, from_miles, from_id, complete) VALUES ($1, $2, $3, $4, $5, $6, false)`,
        { bind: [viewer.id, viewer.version, now, from?.[0] ?? null, from?.[1] ?? null, from?.[2] ?? null], transaction: t },
      );
      const { last, complete } = await rankAfter(viewer, from, now, t);
      await setEnd(viewer.id, last ?? from, complete, t);
      return { version: viewer.version, builtAt: now, from, last: last ?? from, complete };
    });
  }

  async function setEnd(viewerId: string, last: Key | null, complete: boolean, t: Transaction): Promise<void> {
    await sequelize.query('UPDATE deck_builds SET last_neg_score = $2, last_miles = $3, last_id = $4, complete = $5 WHERE viewer_id = $1', {
      bind: [viewerId, last?.[0] ?? null, last?.[1] ?? null, last?.[2] ?? null, complete],
      transaction: t,
    });
  }

  /**
   * Ranks the next `size` after the deck's last row, unless someone else just did (the build row is locked meanwhile).
   * Returns the deck as it now is (as it was, if it already reaches the end), or undefined when there is no deck of this version.
   */
  async function extend(viewer: User, now: Date): Promise<Build | undefined> {
    return sequelize.transaction(async (t) => {
      await sequelize.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', { bind: [viewer.id], transaction: t });
      const current = await build(viewer.id, t);
      if (!current || current.version !== viewer.version) return undefined;
      // Ranked to the end meanwhile (by the ranking ahead a page was waiting for): nothing to add.
      if (current.complete) return current;
      const { last, complete } = await rankAfter(viewer, current.last, now, t, EXTEND_FACTOR * settings.size);
      await setEnd(viewer.id, last ?? current.last, complete, t);
      return { ...current, last: last ?? current.last, complete };
    });
  }

  function extendSoon(viewer: User, now: Date): void {
    if (extending.has(viewer.id)) return;
    const running = extend(viewer, now)
      .then(() => undefined)
      .catch((err: Error) => deps.log?.(`deck: ranking ahead for a viewer failed (${err.message}); the next page ranks instead`))
      .finally(() => extending.delete(viewer.id));
    extending.set(viewer.id, running);
  }

  /**
   * Up to `limit` people after `after` who pass every rule now, reading the deck a slice at a time
   * until the page is full or the deck's rows run out; `ahead` counts the rows past `after`.
   */
  async function read(viewer: User, limit: number, after: Cursor | undefined, now: Date): Promise<{ rows: DeckRow[]; ahead: number }> {
    const rows: DeckRow[] = [];
    let ahead: number | undefined;
    let from = after;
    for (;;) {
      const want = limit - rows.length;
      const window = Math.max(2 * want + 10, 20);
      // No cursor is a position before every row (no OR in the condition: the read stays a range of the primary key, stopping at the window).
      const binds = { ...ruleBinds(viewer.id, now), limit: want, window, ...(from ? { score: from.score, miles: from.miles, after: from.id } : BEFORE_ALL) };
      const got = await prepared<Partial<DeckRow> & { scanned: number; edgeNegScore: number | null; edgeMiles: number | null; edgeId: string | null; ahead: number }>(PAGE.name, PAGE.text, PAGE.values(binds));
      ahead ??= got[0]?.ahead ?? 0;
      for (const r of got) if (r.id) rows.push({ id: r.id, miles: r.miles!, score: r.score! });
      const edge = got[0];
      if (rows.length >= limit || !edge || edge.scanned < window || !edge.edgeId) return { rows, ahead };
      from = { score: -Number(edge.edgeNegScore), miles: Number(edge.edgeMiles), id: edge.edgeId };
    }
  }

  return {
    /** Up to `limit` people after `after`, in deck order. */
    async page(viewer: User, limit: number, after: Cursor | undefined, now: Date): Promise<DeckRow[]> {
      const at = keyOf(after);
      let current = await build(viewer.id);
      // Ages change at midnight UTC: a new day is ranked anew (someone may have come into an age range).
      const stale = !current || current.version !== viewer.version || now.getTime() - current.builtAt.getTime() > settings.ttlSeconds * 1000 ||
        current.builtAt.toISOString().slice(0, 10) !== now.toISOString().slice(0, 10);
      // A client starting over (or from before this deck), or from past its end: rank from there.
      const before = current?.from && (!at || compare(at, current.from) < 0);
      const beyond = at && current && !current.complete && current.last && compare(at, current.last) > 0;
      if (stale || before || beyond) current = await rebuild(viewer, at, now);
      for (;;) {
        const { rows, ahead } = await read(viewer, limit, after, now);
        if (rows.length >= limit || current!.complete) {
          if (!current!.complete && ahead - rows.length < EXTEND_WHEN * settings.size) extendSoon(viewer, now);
          return rows;
        }
        // Ran out before the end (answers and the rules took rows away): rank on, then read again.
        // Each round moves the deck's end on by `size` or reaches the end, so this ends.
        await extending.get(viewer.id);
        // Another version of the profile got there first (or the deck vanished): rank afresh.
        current = await extend(viewer, now);
        // Another terminal of the viewer's may have ranked anew from further on: read from there, and
        // this page would skip whoever lies between; rank from here instead.
        if (!current || (current.from && (!at || compare(at, current.from) < 0))) current = await rebuild(viewer, at, now);
      }
    },

    /** Waits for rankings running in the background (tests, shutdown). */
    async settle(): Promise<void> {
      await Promise.all(extending.values());
    },
  };
}

export type Deck = ReturnType<typeof createDeck>;
