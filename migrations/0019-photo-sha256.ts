import type { QueryInterface } from 'sequelize';

/**
 * The SHA-256 (hex) of the bytes a photo was uploaded as, before re-encoding: what lets a
 * client (`friender profile apply`) tell a file it already sent without sending it again. Only
 * the hash is kept, never the bytes. Photos stored before this have none (NULL).
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query("ALTER TABLE photos ADD COLUMN sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$')");
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('ALTER TABLE photos DROP COLUMN sha256');
}
