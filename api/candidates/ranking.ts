import { ME, pairRules } from './rules.js';

/**
 * The viewer's reach, as places within it (GiST on zip_codes.location), then the complete
 * profiles placed there (index-only on users_candidates_idx), minus everyone the viewer
 * answered: NOT IN over the swipes primary key's prefix becomes one hashed set per query, where
 * NOT EXISTS probed an index once per nearby user (140 ms of 178 at 100 miles and 45,000
 * people). `near` is materialized so each distance is computed once per place, not once per
 * user. Within `near`, distances come from straight-line chords (cube_distance, in C) through
 * asin: earth_distance's sec_to_gc is an SQL function PostgreSQL does not inline, ~3 µs a call.
 *
 * Where people are (migrations/0008 says why): everyone is seen at their place, never their ZIP.
 * Who is in reach is decided place to place — the viewer's place too, so that whom someone sees,
 * and so likes, never depends on their own ZIP either — within the radius, but never less than
 * REACH_FLOOR miles, as places can be 10 miles apart for people in one ZIP (12 leaves out 1 pair in 6,000). The distance shown
 * (and the order) is from the viewer's own ZIP to the other's place, in whole miles: the viewer
 * knows where they are, and only the other's place is in the number. A cursor carries nothing
 * finer than that number. Shared tags are counted on hashed ids. Ages, mutual radius, blocks and
 * snoozes: rules.ts.
 */
export const CANDIDATES_SQL = `
  WITH me AS (${ME}
  ), near AS MATERIALIZED (
    SELECT zip, miles, apart FROM (
      SELECT zip, reach, friender_miles(round(2 * r * asin(least(1, home_chord / (2 * r))))::int) AS miles,
             friender_miles(round(2 * r * asin(least(1, chord / (2 * r))))::int) AS apart
      FROM (
        SELECT z.zip, me.reach, me.r, cube_distance(z.location, me.place) AS chord, cube_distance(z.location, me.home) AS home_chord
        FROM zip_codes z, me
        WHERE earth_box(me.place, me.radius) @> z.location
        OFFSET 0 -- computes each chord once, not once to filter and again to project
      ) box
    ) measured WHERE apart <= reach
  )
  SELECT c.id, c.miles, c.score FROM (
    SELECT u.id, near.miles, icount(u.tag_ids & me.tag_ids) AS score
    FROM me, near JOIN users u ON u.place_zip = near.zip AND u.complete AND u.suspended_at IS NULL
    WHERE u.id <> $viewer
      AND u.id NOT IN (SELECT s.swipee_id FROM swipes s WHERE s.swiper_id = $viewer)
      AND ${pairRules('near.apart')}
  ) c
  WHERE $score::int IS NULL OR (-c.score, c.miles, c.id) > (-$score::int, $miles::int, $after::uuid)
  ORDER BY c.score DESC, c.miles ASC, c.id ASC
  LIMIT $limit`;
