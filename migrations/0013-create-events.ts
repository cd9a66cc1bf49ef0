import type { QueryInterface } from 'sequelize';

/**
 * The inbox and its events. Every user has a log of what happened to them (a message in one of
 * their matches, a new match, a match ended, the other side reading), numbered by a per-user
 * counter: the counter's row is taken by UPDATE in the same transaction as the change and held
 * until commit, so for one user a larger seq always commits later — a reader that has seen seq n
 * and asks for "after n" never misses one that commits afterwards, nor sees one twice. Triggers
 * write the events, so nothing that changes a match can forget them; a transaction that takes
 * the counters of two users takes them in id order, so two such transactions never deadlock.
 * A match's activity (its newest message, or its creation) is kept on the match for the
 * inbox's order, indexed per user.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('ALTER TABLE users ADD COLUMN read_receipts boolean NOT NULL DEFAULT true');
  await q('ALTER TABLE matches ADD COLUMN last_activity_at timestamptz');
  await q(`UPDATE matches m SET last_activity_at = greatest(m.created_at, (SELECT max(x.sent_at) FROM messages x WHERE x.match_id = m.id))`);
  await q('ALTER TABLE matches ALTER COLUMN last_activity_at SET DEFAULT now(), ALTER COLUMN last_activity_at SET NOT NULL');
  await q('CREATE INDEX matches_inbox_a_idx ON matches (user_a, last_activity_at DESC, id DESC) WHERE ended_at IS NULL');
  await q('CREATE INDEX matches_inbox_b_idx ON matches (user_b, last_activity_at DESC, id DESC) WHERE ended_at IS NULL');

  await q(`
    CREATE TABLE event_counters (
      user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
      seq bigint NOT NULL DEFAULT 0
    )`);
  // No foreign key to matches or messages: an ended match's events outlive it (an account's
  // deletion takes its matches and messages along), and a reader skips what is gone.
  await q(`
    CREATE TABLE events (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      seq bigint NOT NULL,
      type text NOT NULL CHECK (type IN ('message', 'match', 'unmatch', 'read')),
      match_id uuid NOT NULL,
      message_id bigint,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, seq)
    )`);

  // The next seq of a user's log, its counter held until commit. Every 100th also prunes: of the
  // user's 200 oldest events (read through the primary key), those older than 30 days — so the
  // work per event is bounded and pruning outpaces any rate of new events.
  await q(`
    CREATE FUNCTION friender_event(who uuid, kind text, match uuid, message bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE n bigint;
    BEGIN
      INSERT INTO event_counters AS c (user_id, seq) VALUES (who, 1)
        ON CONFLICT (user_id) DO UPDATE SET seq = c.seq + 1 RETURNING c.seq INTO n;
      INSERT INTO events (user_id, seq, type, match_id, message_id) VALUES (who, n, kind, match, message);
      IF n % 100 = 0 THEN
        DELETE FROM events WHERE user_id = who AND at < now() - interval '30 days'
          AND seq IN (SELECT e.seq FROM events e WHERE e.user_id = who ORDER BY e.seq LIMIT 200);
      END IF;
      PERFORM pg_notify('friender_events', who::text);
    END $$`);

  // The two users' events in id order (matches store user_a < user_b).
  await q(`
    CREATE FUNCTION friender_match_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM friender_event(NEW.user_a, TG_ARGV[0], NEW.id, NULL);
      PERFORM friender_event(NEW.user_b, TG_ARGV[0], NEW.id, NULL);
      RETURN NULL;
    END $$`);
  await q(`CREATE TRIGGER matches_made AFTER INSERT ON matches FOR EACH ROW EXECUTE FUNCTION friender_match_events('match')`);
  await q(`
    CREATE TRIGGER matches_ended AFTER UPDATE OF ended_at ON matches
      FOR EACH ROW WHEN (OLD.ended_at IS NULL AND NEW.ended_at IS NOT NULL) EXECUTE FUNCTION friender_match_events('unmatch')`);

  await q(`
    CREATE FUNCTION friender_match_activity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.last_activity_at := coalesce(NEW.created_at, now());
      RETURN NEW;
    END $$`);
  await q('CREATE TRIGGER matches_activity BEFORE INSERT ON matches FOR EACH ROW EXECUTE FUNCTION friender_match_activity()');

  // A message: the match's activity, and an event for both (the sender's other terminals too).
  await q(`
    CREATE FUNCTION friender_message_events() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE a uuid; b uuid;
    BEGIN
      UPDATE matches SET last_activity_at = greatest(last_activity_at, NEW.sent_at) WHERE id = NEW.match_id RETURNING user_a, user_b INTO a, b;
      PERFORM friender_event(a, 'message', NEW.match_id, NEW.id);
      PERFORM friender_event(b, 'message', NEW.match_id, NEW.id);
      RETURN NULL;
    END $$`);
  await q('CREATE TRIGGER messages_events AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION friender_message_events()');

  // Reading further: a read event to the other side, only while both have read receipts on.
  await q(`
    CREATE FUNCTION friender_read_events() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE other uuid;
    BEGIN
      SELECT CASE WHEN m.user_a = NEW.user_id THEN m.user_b ELSE m.user_a END INTO other
        FROM matches m JOIN users a ON a.id = m.user_a JOIN users b ON b.id = m.user_b
       WHERE m.id = NEW.match_id AND m.ended_at IS NULL AND a.read_receipts AND b.read_receipts;
      IF other IS NOT NULL THEN PERFORM friender_event(other, 'read', NEW.match_id, NEW.last_read_id); END IF;
      RETURN NULL;
    END $$`);
  await q('CREATE TRIGGER match_reads_made AFTER INSERT ON match_reads FOR EACH ROW EXECUTE FUNCTION friender_read_events()');
  await q(`
    CREATE TRIGGER match_reads_moved AFTER UPDATE ON match_reads
      FOR EACH ROW WHEN (NEW.last_read_id > OLD.last_read_id) EXECUTE FUNCTION friender_read_events()`);

  // Ends every live match of one user (a suspension, an account's deletion): the match rows
  // first, then every counter involved in id order, so the events the trigger writes cannot
  // deadlock with sends (which take a match, then its two counters in order).
  await q(`
    CREATE FUNCTION friender_end_matches_of(who uuid, at timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql AS $$
    DECLARE ids uuid[];
    BEGIN
      SELECT array_agg(id ORDER BY id) INTO ids FROM (
        SELECT id FROM matches WHERE (user_a = who OR user_b = who) AND ended_at IS NULL ORDER BY id FOR NO KEY UPDATE
      ) locked;
      IF ids IS NULL THEN RETURN; END IF;
      INSERT INTO event_counters AS c (user_id)
        SELECT u FROM (SELECT user_a FROM matches WHERE id = ANY (ids) UNION SELECT user_b FROM matches WHERE id = ANY (ids)) s (u) ORDER BY u
        ON CONFLICT (user_id) DO UPDATE SET seq = c.seq;
      RETURN QUERY UPDATE matches SET ended_at = at, ended_by = who WHERE id = ANY (ids) AND ended_at IS NULL RETURNING id;
    END $$`);
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('DROP FUNCTION friender_end_matches_of(uuid, timestamptz)');
  await q('DROP TRIGGER match_reads_moved ON match_reads');
  await q('DROP TRIGGER match_reads_made ON match_reads');
  await q('DROP FUNCTION friender_read_events()');
  await q('DROP TRIGGER messages_events ON messages');
  await q('DROP FUNCTION friender_message_events()');
  await q('DROP TRIGGER matches_activity ON matches');
  await q('DROP FUNCTION friender_match_activity()');
  await q('DROP TRIGGER matches_ended ON matches');
  await q('DROP TRIGGER matches_made ON matches');
  await q('DROP FUNCTION friender_match_events()');
  await q('DROP FUNCTION friender_event(uuid, text, uuid, bigint)');
  await q('DROP TABLE events');
  await q('DROP TABLE event_counters');
  await q('ALTER TABLE matches DROP COLUMN last_activity_at');
  await q('ALTER TABLE users DROP COLUMN read_receipts');
}
