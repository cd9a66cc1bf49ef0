import type { QueryInterface } from 'sequelize';

/**
 * Keys that already include the column each table would be distributed by past one PostgreSQL
 * (docs/scaling.md): Citus keeps a primary key or unique constraint only when it includes the
 * distribution column, since each shard can check uniqueness only among its own rows.
 *
 * - messages (by match_id): the key was (id) beside a plain index on (match_id, id). Now the
 *   key is (match_id, id) and that index goes: one index where there were two, and every read
 *   already names the match (the inbox's join to a message now does too).
 * - sessions (by user_id): the key was (id) beside an index on (user_id). Now the key is
 *   (user_id, id), the one index the login lookup (jti and sub, on every request) and revoking
 *   a user's sessions both use; logging out names the user too.
 *
 * Both are harmless on one node: ids stay unique (an identity, a random uuid), nothing refers
 * to either key, and each table keeps fewer indexes than before. Rebuilding a key locks its
 * table while it is built: on a large database, apply this at a quiet moment.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('ALTER TABLE messages DROP CONSTRAINT messages_pkey, ADD CONSTRAINT messages_pkey PRIMARY KEY (match_id, id)');
  await q('DROP INDEX messages_match_idx');
  await q('ALTER TABLE sessions DROP CONSTRAINT sessions_pkey, ADD CONSTRAINT sessions_pkey PRIMARY KEY (user_id, id)');
  await q('DROP INDEX sessions_user_id_idx');
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q('CREATE INDEX sessions_user_id_idx ON sessions (user_id)');
  await q('ALTER TABLE sessions DROP CONSTRAINT sessions_pkey, ADD CONSTRAINT sessions_pkey PRIMARY KEY (id)');
  await q('CREATE INDEX messages_match_idx ON messages (match_id, id)');
  await q('ALTER TABLE messages DROP CONSTRAINT messages_pkey, ADD CONSTRAINT messages_pkey PRIMARY KEY (id)');
}
