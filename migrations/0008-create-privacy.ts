import type { QueryInterface } from 'sequelize';

/**
 * Location privacy and limits that hold under bursts.
 *
 * Places: nobody is ever measured at their own ZIP. Each user gets a secret random seed; from it
 * and their ZIP comes a stable displacement (a bearing, and 3–5 miles, uniform over that ring's
 * area), and their "place" is the ZIP centroid nearest the displaced point that is at least 3
 * miles from their own. Others see them, reach them and measure them at their place only, from
 * the viewer's own ZIP: everything anyone can read about a user — distances, whether they are in
 * reach, the order of a page — depends on their place and nothing else, so no number of readings
 * from any number of vantage points learns more than the place, 3–5 miles from the truth. The
 * seed never changes, so the place is the same on every request (no noise to average away) and
 * the same again if someone moves back to a ZIP they had.
 *
 * Limits: friender_take counts events per key in a sliding window and decides under an
 * advisory lock, in one statement, so N concurrent requests can never pass more than the limit.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);

  await q(`ALTER TABLE users ADD COLUMN location_seed uuid NOT NULL DEFAULT gen_random_uuid(), ADD COLUMN place_zip char(5) REFERENCES zip_codes (zip)`);
  // plpgsql, so the displaced point is a value when the nearest ZIP is looked up: a KNN scan of
  // the GiST index (0.2 ms) where an SQL function sorted every ZIP (150 ms).
  await q(`
    CREATE FUNCTION friender_place(p_zip char(5), p_seed uuid) RETURNS char(5)
    LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
    DECLARE
      phi float8;
      lambda float8;
      theta float8 := 2 * pi() * ((hashtextextended(p_seed::text || p_zip, 1) & 1048575) / 1048576.0);
      delta float8 := sqrt(9 + ((hashtextextended(p_seed::text || p_zip, 2) & 1048575) / 1048576.0) * (25 - 9)) / 3958.8;
      phi2 float8;
      lambda2 float8;
      here earth;
      found char(5);
    BEGIN
      SELECT radians(latitude), radians(longitude), location INTO phi, lambda, here FROM zip_codes WHERE zip = p_zip;
      IF phi IS NULL THEN
        RETURN NULL;
      END IF;
      phi2 := asin(sin(phi) * cos(delta) + cos(phi) * sin(delta) * cos(theta));
      lambda2 := lambda + atan2(sin(theta) * sin(delta) * cos(phi), cos(delta) - sin(phi) * sin(phi2));
      -- At least 3 miles from the user's own ZIP, even where a neighbour lies between.
      SELECT zip INTO found FROM zip_codes WHERE cube_distance(location, here) >= 4828.032
       ORDER BY location <-> ll_to_earth(degrees(phi2), degrees(lambda2)) LIMIT 1;
      RETURN found;
    END $$`);
  await q(`
    CREATE FUNCTION friender_users_place() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.place_zip := CASE WHEN NEW.zip_code IS NULL THEN NULL ELSE friender_place(NEW.zip_code, NEW.location_seed) END;
      RETURN NEW;
    END $$`);
  // A trigger, so every writer (the API, seeders, benchmarks, an operator's SQL) places users the same way.
  await q(`CREATE TRIGGER users_place BEFORE INSERT OR UPDATE OF zip_code, location_seed ON users FOR EACH ROW EXECUTE FUNCTION friender_users_place()`);
  await q(`UPDATE users SET place_zip = friender_place(zip_code, location_seed) WHERE zip_code IS NOT NULL`);
  await q('DROP INDEX users_candidates_idx');
  await q('CREATE INDEX users_candidates_idx ON users (place_zip) INCLUDE (id, tag_ids) WHERE complete');

  // Shown distances, and the reach decision, in whole miles (at least 1), from the same number.
  await q(`
    CREATE FUNCTION friender_miles(meters integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT greatest(1, round(meters / 1609.344))::int
    $$`);

  await q(`
    CREATE TABLE rate_events (
      key text NOT NULL,
      at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
  await q('CREATE INDEX rate_events_key_idx ON rate_events (key, at)');
  await q('CREATE INDEX rate_events_expires_idx ON rate_events (expires_at)');
  // NULL when allowed (and then one event is recorded under every key), otherwise when to try
  // again. All or nothing across keys; keys are locked in one order so two callers never deadlock.
  // A key with a slow-down (p_slow > 0) that is over its limit still allows one event per p_slow
  // seconds instead of refusing until the window ends.
  // NULL when allowed (and then one event is recorded under every key), otherwise when to try
  // again. All or nothing across keys; keys are locked in one order so two callers never deadlock.
  // A key with a slow-down (p_slow > 0) that is over its limit still allows one event per p_slow
  // seconds instead of refusing until the window ends. Counting after the lock is only right
  // when each statement sees what committed before it (READ COMMITTED), hence the guard.
  await q(`
    CREATE FUNCTION friender_take(p_keys text[], p_max int[], p_window int[], p_slow int[], p_now timestamptz) RETURNS timestamptz
    LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      i int;
      n int;
      nth timestamptz;
      newest timestamptz;
      retry timestamptz;
    BEGIN
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'friender_take needs READ COMMITTED, not %', current_setting('transaction_isolation');
      END IF;
      FOR i IN SELECT g FROM generate_subscripts(p_keys, 1) g ORDER BY p_keys[g] LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended('friender-rate:' || p_keys[i], 0));
      END LOOP;
      -- Old events go a few at a time, skipping any another caller holds: never a wait, never a deadlock.
      DELETE FROM rate_events WHERE ctid = ANY (ARRAY(
        SELECT ctid FROM rate_events WHERE expires_at < p_now LIMIT 20 FOR UPDATE SKIP LOCKED));
      FOR i IN 1 .. cardinality(p_keys) LOOP
        SELECT count(*), max(at) INTO n, newest FROM rate_events
         WHERE key = p_keys[i] AND at > p_now - make_interval(secs => p_window[i]);
        IF n >= p_max[i] THEN
          IF p_slow[i] > 0 THEN
            IF newest > p_now - make_interval(secs => p_slow[i]) THEN
              retry := greatest(retry, newest + make_interval(secs => p_slow[i]));
            END IF;
          ELSE
            -- Room comes back when the oldest events that put it over the limit leave the window.
            SELECT at INTO nth FROM rate_events
             WHERE key = p_keys[i] AND at > p_now - make_interval(secs => p_window[i])
             ORDER BY at OFFSET n - p_max[i] LIMIT 1;
            retry := greatest(retry, nth + make_interval(secs => p_window[i]));
          END IF;
        END IF;
      END LOOP;
      IF retry IS NOT NULL THEN
        RETURN retry;
      END IF;
      INSERT INTO rate_events (key, at, expires_at)
        SELECT k, p_now, p_now + make_interval(secs => w) FROM unnest(p_keys, p_window) AS t(k, w);
      RETURN NULL;
    END $$`);
  await q('DROP TABLE login_throttles');
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q(`CREATE TABLE login_throttles (key text PRIMARY KEY, failures integer NOT NULL, window_started_at timestamptz NOT NULL)`);
  await q('DROP FUNCTION friender_take(text[], int[], int[], int[], timestamptz)');
  await q('DROP TABLE rate_events');
  await q('DROP FUNCTION friender_miles(integer)');
  await q('DROP INDEX users_candidates_idx');
  await q('CREATE INDEX users_candidates_idx ON users (zip_code) INCLUDE (id, tag_ids) WHERE complete');
  await q('DROP TRIGGER users_place ON users');
  await q('DROP FUNCTION friender_users_place()');
  await q('DROP FUNCTION friender_place(char, uuid)');
  await q('ALTER TABLE users DROP COLUMN place_zip, DROP COLUMN location_seed');
}
