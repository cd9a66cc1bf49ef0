import bcrypt from 'bcrypt';
import type pg from 'pg';
import { DENSITY, zipPopulation, type Zip } from './population.js';

/**
 * The million of bench:candidates, in one of two places: `even` draws every user's ZIP uniformly
 * from the zip_codes table (25 miles around Manhattan hold ~1%), `dense` in proportion to the
 * people living there (./population.ts: ~5% within 25 miles of Manhattan, as in life).
 */
export type Place = 'even' | 'dense';
/** Kept on the users table, so a database seeded for one scenario (or an older model) is never read as another. */
const MARKER: Record<Place, string> = { even: 'bench:candidates even', dense: `bench:candidates dense: GeoNames places, ${DENSITY}/sq mi footprints, v1` };
const HOBBIES = 'hiking chess climbing cooking running cycling yoga painting photography gardening knitting pottery surfing skiing tennis golf swimming dancing singing guitar piano drums reading writing poetry baking fishing camping birding woodworking sailing rowing boxing fencing archery skating bowling billiards origami juggling'.split(' ');
const INTERESTS = 'jazz film history science startups theatre opera travel food wine coffee tea poetry politics philosophy design architecture fashion anime comics podcasts board-games video-games astronomy ecology languages music art museums books economics psychology medicine law sports cars aviation trains space'.split(' ');

/** Whether the database holds `users` bench users seeded for this scenario (an even one from before scenarios has no marker). */
export async function seededFor(db: pg.Client, place: Place, users: number): Promise<boolean> {
  const { rows: [{ n, marker }] } = await db.query(
    "SELECT (SELECT count(*)::int FROM users WHERE username LIKE 'bench\\_%') AS n, obj_description('users'::regclass, 'pg_class') AS marker",
  );
  return n >= users && (marker === MARKER[place] || (place === 'even' && marker === null));
}

/** A table of ZIPs with running totals of their weight, so a draw is one index probe: the first ZIP whose total passes random() × the sum. */
async function zipDraw(db: pg.Client, place: Place, log: (line: string) => void): Promise<void> {
  await db.query('DROP TABLE IF EXISTS bench_zip_draw');
  await db.query('CREATE TEMP TABLE bench_zip_draw (zip char(5) NOT NULL, upto float8 NOT NULL)');
  if (place === 'even') {
    await db.query('INSERT INTO bench_zip_draw SELECT zip, row_number() OVER (ORDER BY zip) FROM zip_codes');
  } else {
    const zips = (await db.query<Zip>('SELECT zip, latitude, longitude FROM zip_codes ORDER BY zip')).rows;
    const model = zipPopulation(zips);
    log(`  population model: ${model.places.toLocaleString('en-US')} places, ${model.nested.places} inside a bigger one left out (${(model.nested.people / 1e6).toFixed(1)} M people), ${(model.elsewhere / 1e6).toFixed(1)} M elsewhere spread over all ZIPs`);
    await db.query(
      'INSERT INTO bench_zip_draw SELECT zip, sum(w) OVER (ORDER BY zip) FROM unnest($1::text[], $2::float8[]) AS t(zip, w)',
      [zips.map((z) => z.zip), zips.map((z) => model.weights.get(z.zip)!)],
    );
  }
  await db.query('CREATE INDEX ON bench_zip_draw (upto)');
  await db.query('ANALYZE bench_zip_draw');
}

export async function seed(db: pg.Client, place: Place, users: number, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  await db.query('TRUNCATE users CASCADE');
  await db.query('COMMENT ON TABLE users IS NULL');
  await zipDraw(db, place, log);
  const hash = await bcrypt.hash('bench-password', 4);
  const batch = 100_000;
  for (let from = 1; from <= users; from += batch) {
    const to = Math.min(users, from + batch - 1);
    // The subqueries mention g so each row draws its own tags; 1 in 20 profiles is left incomplete.
    // 1 in 5 (drawn, not g % 5, which already picks the number of hobbies) has mutual radius on and
    // an age range of its own: from 18–37 up, 8 to 47 years wide. The ZIP is drawn by weight (zipDraw).
    await db.query(
      `WITH total AS (SELECT max(upto) AS sum FROM bench_zip_draw)
       INSERT INTO users (username, email, password_hash, hobbies, interests, zip_code, friend_radius, birth_date, mutual_radius, min_age, max_age)
       SELECT 'bench_' || g, 'bench_' || g || '@bench.invalid', $1,
         (SELECT array_agg(DISTINCT ($2::text[])[1 + floor(random() * cardinality($2::text[]))::int]) FROM generate_series(0, g % 5) WHERE g > 0),
         (SELECT array_agg(DISTINCT ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int]) FROM generate_series(0, (g / 5) % 5) WHERE g > 0),
         (SELECT d.zip FROM bench_zip_draw d WHERE d.upto > m.zip_draw * total.sum ORDER BY d.upto LIMIT 1),
         CASE WHEN g % 20 = 0 THEN NULL ELSE 5 + g % 96 END,
         date '2008-01-01' - (g % 18000), -- ages 18 to about 67
         m.draw < 0.2,
         CASE WHEN m.draw < 0.2 THEN 18 + floor(m.draw * 100)::int ELSE 18 END,
         CASE WHEN m.draw < 0.2 THEN least(99, 18 + floor(m.draw * 100)::int + 8 + g % 40) ELSE 99 END
       FROM total, generate_series($4::int, $5::int) g, LATERAL (SELECT random() AS draw, random() AS zip_draw WHERE g IS NOT NULL) m`,
      [hash, HOBBIES, INTERESTS, from, to],
    );
    log(`  seeded ${to.toLocaleString('en-US')} users (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  await db.query(`COMMENT ON TABLE users IS '${MARKER[place]}'`);
  await db.query('VACUUM ANALYZE users');
  await db.query('VACUUM ANALYZE zip_codes');
  log(`  seeding and VACUUM ANALYZE took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** How many bench users live (their own ZIP, not their place) within each distance of the viewer's ZIP. */
export async function livingWithin(db: pg.Client, zip: string, miles: number[]): Promise<{ miles: number; n: number; share: number }[]> {
  const { rows: [row] } = await db.query(
    `SELECT count(*)::int AS total, ${miles.map((m, i) => `count(*) FILTER (WHERE earth_distance(z.location, v.location) <= ${m * 1609.344})::int AS n${i}`).join(', ')}
       FROM users u JOIN zip_codes z ON z.zip = u.zip_code, zip_codes v
      WHERE v.zip = $1 AND u.username LIKE 'bench\\_%' AND u.username <> 'bench_viewer'`,
    [zip],
  );
  return miles.map((m, i) => ({ miles: m, n: row[`n${i}`] as number, share: (row[`n${i}`] as number) / (row.total as number) }));
}
