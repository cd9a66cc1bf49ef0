import type { QueryInterface } from 'sequelize';

/**
 * The safety floor beneath swiping: adults only, filters that can work both ways, pausing,
 * blocks, reports and the moderators who act on them, prompts.
 *
 * A profile is complete (and so seen, and able to swipe) only with a birth date: an account made
 * before dates were asked for is hidden until it adds one. The candidates index carries every
 * column the pair rules read (api/candidates/rules.ts), so a deck at any density is still read
 * from the index alone; suspended accounts are outside it altogether.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q(`
    ALTER TABLE users
      ADD COLUMN birth_date date,
      ADD COLUMN min_age smallint NOT NULL DEFAULT 18 CHECK (min_age BETWEEN 18 AND 99),
      ADD COLUMN max_age smallint NOT NULL DEFAULT 99 CHECK (max_age BETWEEN 18 AND 99),
      ADD COLUMN mutual_radius boolean NOT NULL DEFAULT false,
      -- 'infinity' while snoozed indefinitely; a time in the past is the same as NULL.
      ADD COLUMN snoozed_until timestamptz,
      ADD COLUMN suspended_at timestamptz,
      ADD COLUMN moderator boolean NOT NULL DEFAULT false,
      -- [{question, answer}], at most 3: checked by the API, bounded here too.
      ADD COLUMN prompts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(prompts) = 'array' AND jsonb_array_length(prompts) <= 3),
      ADD CONSTRAINT users_age_range CHECK (min_age <= max_age)`);
  await q('DROP INDEX users_candidates_idx');
  await q('ALTER TABLE users DROP COLUMN complete');
  await q(`
    ALTER TABLE users ADD COLUMN complete boolean GENERATED ALWAYS AS (
      cardinality(hobbies) > 0 AND cardinality(interests) > 0 AND zip_code IS NOT NULL AND friend_radius IS NOT NULL AND birth_date IS NOT NULL
    ) STORED`);
  await q(`
    CREATE INDEX users_candidates_idx ON users (place_zip)
      INCLUDE (id, tag_ids, birth_date, friend_radius, min_age, max_age, mutual_radius, snoozed_until)
      WHERE complete AND suspended_at IS NULL`);

  // One row per blocker and blocked; either direction hides each from the other.
  await q(`
    CREATE TABLE blocks (
      blocker_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      blocked_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (blocker_id, blocked_id),
      CHECK (blocker_id <> blocked_id)
    )`);
  await q('CREATE INDEX blocks_blocked_idx ON blocks (blocked_id)');

  // A report outlives both accounts (someone must not escape one by deleting theirs): names are
  // kept beside the ids, and the evidence is a copy of what the reporter could see when reporting.
  await q(`
    CREATE TABLE reports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reporter_id uuid REFERENCES users (id) ON DELETE SET NULL,
      reporter_username text NOT NULL,
      reported_id uuid REFERENCES users (id) ON DELETE SET NULL,
      reported_username text NOT NULL,
      reason text NOT NULL CHECK (reason IN ('spam', 'harassment', 'fake profile', 'underage', 'inappropriate photos', 'other')),
      details text NOT NULL DEFAULT '' CHECK (char_length(details) <= 1000),
      evidence jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
      resolution text CHECK (resolution IN ('dismissed', 'suspended')),
      note text,
      CHECK ((resolved_at IS NULL) = (resolution IS NULL))
    )`);
  await q('CREATE INDEX reports_open_idx ON reports (created_at, id) WHERE resolved_at IS NULL');
  await q('CREATE INDEX reports_reported_idx ON reports (reported_id)');

  // Who did what, when and why: every moderator action and every role granted, never updated.
  await q(`
    CREATE TABLE moderation_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      actor text NOT NULL,
      action text NOT NULL,
      report_id uuid REFERENCES reports (id) ON DELETE SET NULL,
      subject_id uuid REFERENCES users (id) ON DELETE SET NULL,
      subject text,
      note text NOT NULL DEFAULT '',
      at timestamptz NOT NULL DEFAULT now()
    )`);
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('DROP TABLE moderation_log');
  await q('DROP TABLE reports');
  await q('DROP TABLE blocks');
  await q('DROP INDEX users_candidates_idx');
  await q('ALTER TABLE users DROP COLUMN complete');
  await q(`
    ALTER TABLE users ADD COLUMN complete boolean GENERATED ALWAYS AS (
      cardinality(hobbies) > 0 AND cardinality(interests) > 0 AND zip_code IS NOT NULL AND friend_radius IS NOT NULL
    ) STORED`);
  await q('CREATE INDEX users_candidates_idx ON users (place_zip) INCLUDE (id, tag_ids) WHERE complete');
  await q(`
    ALTER TABLE users DROP CONSTRAINT users_age_range,
      DROP COLUMN prompts, DROP COLUMN moderator, DROP COLUMN suspended_at, DROP COLUMN snoozed_until,
      DROP COLUMN mutual_radius, DROP COLUMN max_age, DROP COLUMN min_age, DROP COLUMN birth_date`);
}
