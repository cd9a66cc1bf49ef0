import type { Sequelize, Transaction } from 'sequelize';
import { preparedQueries } from '../db/prepared.js';
import { HttpProblem } from '../http/problems.js';

/**
 * Taking back a pass. Only the viewer's latest answer can be, only a pass (a like is ended by
 * unmatching), and only while it is younger than the window (UNDO_SECONDS). "Latest" must be one
 * answer: two given at the same instant have no latest, and neither is taken back.
 */

/** The viewer's two newest answers: the first is the latest only if the second is older. */
// The two newest first, then their names: joined before the limit, it looked up the name of
// everyone the viewer ever answered (5,000 in bench:candidates: most of a page's time).
const NEWEST = `
  SELECT s.swipee_id AS id, t.username, s.liked, s.created_at AS "createdAt"
  FROM (SELECT swipee_id, liked, created_at FROM swipes WHERE swiper_id = $1 ORDER BY created_at DESC LIMIT 2) s
  JOIN users t ON t.id = s.swipee_id
  ORDER BY s.created_at DESC`;

/** $1 viewer, $2 the person passed on, $3 the oldest time a pass may have to be taken back. */
export const UNDO_SQL = `
  WITH newest AS (SELECT swipee_id, created_at FROM swipes WHERE swiper_id = $1 ORDER BY created_at DESC LIMIT 2),
  gone AS (
    DELETE FROM swipes s
    WHERE s.swiper_id = $1 AND s.swipee_id = $2 AND NOT s.liked AND s.created_at > $3
      AND s.swipee_id = (SELECT swipee_id FROM newest ORDER BY created_at DESC LIMIT 1)
      AND (SELECT count(*) FROM newest WHERE created_at = s.created_at) = 1
    RETURNING s.swipee_id AS id
  ),
  -- The viewer's ranked deck left them out (candidates/deck.ts): it is ranked again.
  forgot AS (DELETE FROM deck_builds WHERE viewer_id = $1 AND EXISTS (SELECT FROM gone))
  SELECT id FROM gone`;

export interface Undoable {
  id: string;
  username: string;
}

/** The pass the viewer may take back now (given after `since`), if their latest answer is one. */
export async function undoable(sequelize: Sequelize, viewerId: string, since: Date, transaction?: Transaction): Promise<Undoable | undefined> {
  // Read after every pass (for its undo template) and on every deck: prepared (db/prepared.ts).
  const rows = await preparedQueries(sequelize)<{ id: string; username: string; liked: boolean; createdAt: Date }>('friender_newest_answers', NEWEST, [viewerId], transaction);
  const [latest, before] = rows;
  if (!latest || latest.liked || latest.createdAt <= since) return undefined;
  if (before && before.createdAt.getTime() >= latest.createdAt.getTime()) return undefined;
  return { id: latest.id, username: latest.username };
}

export const cannotUndo = (detail: string) => new HttpProblem(409, 'cannot-undo', 'Cannot be undone', detail);
