import type { QueryInterface } from 'sequelize';

/**
 * Chat. Ids are the cursor: sends within one match are serialised (a lock on the match row),
 * so within a match a larger id always commits later — a poller that has seen id n and asks
 * for "after n" can never miss a message that commits afterwards with a smaller id.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q(`
    CREATE TABLE messages (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      match_id uuid NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
      sender_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      body varchar(2000) NOT NULL CHECK (length(btrim(body)) > 0),
      sent_at timestamptz NOT NULL DEFAULT now()
    )`);
  await q('CREATE INDEX messages_match_idx ON messages (match_id, id)');
  // A sender's messages, found when their account goes (the send rate is counted in rate_events since 0008).
  await q('CREATE INDEX messages_sender_idx ON messages (sender_id, sent_at)');
  await q(`
    CREATE TABLE match_reads (
      match_id uuid NOT NULL REFERENCES matches (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      last_read_id bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (match_id, user_id)
    )`);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE match_reads');
  await qi.sequelize.query('DROP TABLE messages');
}
