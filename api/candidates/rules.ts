/**
 * Who may be shown to whom, in SQL, shared by the deck and the one-person lookups so the two can
 * never disagree. Named binds: $viewer (the viewer's id), $today (the UTC date, YYYY-MM-DD, from
 * the clock) and $now (the clock's time).
 *
 * Reach is place to place (migrations/0008): within the viewer's radius, never under REACH_FLOOR.
 * Ages come from birth dates against $today, so someone is 18 on their birthday, not a day after.
 * Mutual radius: when either side of a pair turned it on, each must be within the other's radius
 * and age range, so the pair sees each other or neither does. Blocks hide both ways, snoozed
 * people are in nobody's deck, and suspended accounts are outside the candidates index altogether.
 * Every column read of the other person is in that index (migrations/0011).
 */
export const REACH_FLOOR = 12;

/**
 * The viewer, as the rules read them (alias it `me`); no row when the viewer cannot swipe.
 * Their age range is turned into birth dates once (born_by: at least min_age on $today;
 * born_after: at most max_age), and their own age into whole years once, so each row of a deck
 * is compared with plain dates and numbers rather than computing intervals.
 */
export const ME = `
  SELECT u.id, u.tag_ids, greatest(u.friend_radius, ${REACH_FLOOR}) AS reach, (greatest(u.friend_radius, ${REACH_FLOOR}) + 1) * 1609.344 AS radius,
         p.location AS place, h.location AS home, earth() AS r,
         u.birth_date, u.min_age, u.max_age, u.mutual_radius,
         ($today::date - make_interval(years => u.min_age))::date AS born_by,
         ($today::date - make_interval(years => u.max_age + 1))::date AS born_after,
         ${ageSql('u.birth_date')} AS age
  FROM users u JOIN zip_codes p ON p.zip = u.place_zip JOIN zip_codes h ON h.zip = u.zip_code
  WHERE u.id = $viewer AND u.complete AND u.suspended_at IS NULL`;

/**
 * Whole years from `birth` to $today, a birthday counting on its day (as accounts/schemas.ts
 * ageOn): someone born on 29 February is a year older on 1 March in common years, which is also
 * what born_by/born_after say, since $today minus n years from 29 February is the 28th.
 */
export function ageSql(birth: string): string {
  return `(extract(year FROM $today::date)::int - extract(year FROM ${birth})::int - (to_char($today::date, 'MMDD') < to_char(${birth}, 'MMDD'))::int)`;
}

/**
 * Whether `u` (a complete, unsuspended user whose place is `apart` whole miles from the viewer's)
 * may be shown to `me`, reach from the viewer's side aside. Answers are not looked at here.
 */
export const pairRules = (apart: string) => `
  (u.snoozed_until IS NULL OR u.snoozed_until <= $now)
  AND u.birth_date <= me.born_by AND u.birth_date > me.born_after
  AND (NOT (me.mutual_radius OR u.mutual_radius)
       OR (${apart} <= greatest(u.friend_radius, ${REACH_FLOOR}) AND me.age BETWEEN u.min_age AND u.max_age))
  AND u.id NOT IN (SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = $viewer)
  AND u.id NOT IN (SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = $viewer)`;

/** The binds the rules need, from the clock. */
export function ruleBinds(viewerId: string, now: Date): { viewer: string; today: string; now: Date } {
  return { viewer: viewerId, today: now.toISOString().slice(0, 10), now };
}

/** The same query for a plain pg client (benchmarks): $name binds become $1, $2, … in order of first use. */
export function positional(sql: string, binds: Record<string, unknown>): { text: string; values: unknown[] } {
  const names: string[] = [];
  const text = sql.replace(/\$([a-z]\w*)/g, (_m, name: string) => {
    if (!(name in binds)) throw new Error(`no bind for $${name}`);
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text, values: names.map((n) => binds[n]) };
}
