import type { QueryInterface } from 'sequelize';

/**
 * Discovery at scale: PostgreSQL finds candidates, never Node. ZIP centroids get a point on
 * the earth (cube + earthdistance) with a GiST index, so "ZIPs within r miles" is an index
 * scan; users get a partial covering index by ZIP over complete profiles, and their tags as
 * hashed integers (intarray) so counting shared tags is one C call per row.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('CREATE EXTENSION IF NOT EXISTS cube');
  await q('CREATE EXTENSION IF NOT EXISTS earthdistance');
  await q('CREATE EXTENSION IF NOT EXISTS intarray');

  await q('ALTER TABLE zip_codes ADD COLUMN location earth');
  await q('UPDATE zip_codes SET location = ll_to_earth(latitude, longitude)');
  await q('ALTER TABLE zip_codes ALTER COLUMN location SET NOT NULL');
  await q('CREATE INDEX zip_codes_location_idx ON zip_codes USING gist (location)');

  // A hobby and an interest with the same name are different tags: the prefixes keep them apart.
  await q(`
    CREATE FUNCTION friender_tag_ids(hobbies text[], interests text[]) RETURNS int[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT t ORDER BY t), '{}')
      FROM (SELECT hashtext('h:' || h) AS t FROM unnest(hobbies) h
            UNION ALL SELECT hashtext('i:' || i) FROM unnest(interests) i) tags
    $$`);
  await q(`
    ALTER TABLE users
      ADD COLUMN tag_ids int[] GENERATED ALWAYS AS (friender_tag_ids(hobbies, interests)) STORED,
      ADD COLUMN complete boolean GENERATED ALWAYS AS (
        cardinality(hobbies) > 0 AND cardinality(interests) > 0 AND zip_code IS NOT NULL AND friend_radius IS NOT NULL
      ) STORED`);
  // Index-only scans: the candidate query reads id and tags of everyone in the nearby ZIPs from here.
  await q('CREATE INDEX users_candidates_idx ON users (zip_code) INCLUDE (id, tag_ids) WHERE complete');

  await q(`
    CREATE TABLE swipes (
      swiper_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      swipee_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      liked boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (swiper_id, swipee_id),
      CHECK (swiper_id <> swipee_id)
    )`);
  // "Who liked me" for the mutual check, and cleanup when an account goes.
  await q('CREATE INDEX swipes_swipee_idx ON swipes (swipee_id)');

  // One row per pair, ever: user_a < user_b makes (a, b) and (b, a) the same key.
  await q(`
    CREATE TABLE matches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_a uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      user_b uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      ended_by uuid REFERENCES users (id) ON DELETE SET NULL,
      CHECK (user_a < user_b),
      UNIQUE (user_a, user_b)
    )`);
  await q('CREATE INDEX matches_user_b_idx ON matches (user_b)');
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('DROP TABLE matches');
  await q('DROP TABLE swipes');
  await q('DROP INDEX users_candidates_idx');
  await q('ALTER TABLE users DROP COLUMN complete, DROP COLUMN tag_ids');
  await q('DROP FUNCTION friender_tag_ids(text[], text[])');
  await q('DROP INDEX zip_codes_location_idx');
  await q('ALTER TABLE zip_codes DROP COLUMN location');
  await q('DROP EXTENSION IF EXISTS intarray');
  await q('DROP EXTENSION IF EXISTS earthdistance');
  await q('DROP EXTENSION IF EXISTS cube');
}
