import type { QueryInterface } from 'sequelize';

/**
 * A user's events notification carries the new seq ("<user id>:<seq>"), not only the user: each
 * API process keeps the newest seq it has heard of per user, so an events poll whose cursor is
 * already there waits without asking the database first (api/messages/notifier.ts says why that
 * is safe). An idle poll was two queries (its login and the empty read); it is now one.
 */
const body = (payload: string) => `
    CREATE OR REPLACE FUNCTION friender_event(who uuid, kind text, match uuid, message bigint) RETURNS void
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
      PERFORM pg_notify('friender_events', ${payload});
    END $$`;

export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(body(`who::text || ':' || n`));
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(body('who::text'));
}
