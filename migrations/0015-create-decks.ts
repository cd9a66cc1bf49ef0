import type { QueryInterface } from 'sequelize';

/**
 * Each viewer's deck (api/candidates/deck.ts): the next few hundred people in deck order, ranked
 * once, so a page reads a short range of its own rows instead of ranking everyone in reach.
 * Both tables are a cache, rebuilt from the rules whenever in doubt, so they are UNLOGGED:
 * cheap to write, and emptied together after a crash (a deck without its build row, or a build
 * row without its deck, could never be).
 * A deck row's key is the deck order itself: shared tags descending (stored negated), then
 * whole miles, then id — the order and the cursor of CANDIDATES_SQL.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q(`
    CREATE UNLOGGED TABLE deck_builds (
      viewer_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      version integer NOT NULL,
      built_at timestamptz NOT NULL,
      from_neg_score integer, from_miles integer, from_id uuid,
      last_neg_score integer, last_miles integer, last_id uuid,
      complete boolean NOT NULL
    )`);
  await q(`
    CREATE UNLOGGED TABLE decks (
      viewer_id uuid NOT NULL REFERENCES deck_builds (viewer_id) ON DELETE CASCADE,
      neg_score integer NOT NULL,
      miles integer NOT NULL,
      candidate_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      PRIMARY KEY (viewer_id, neg_score, miles, candidate_id)
    )`);
  await q('CREATE INDEX decks_candidate_idx ON decks (candidate_id)');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE decks');
  await qi.sequelize.query('DROP TABLE deck_builds');
}
