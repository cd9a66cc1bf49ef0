import type { QueryInterface } from 'sequelize';

// A profile's version, counted up by every edit: /me's ETag, so an edit made from what was read
// (If-Match) cannot silently overwrite one made since. A counter, not updated_at: two edits in
// one millisecond must not share a version.
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('ALTER TABLE users ADD COLUMN version integer NOT NULL DEFAULT 1');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('ALTER TABLE users DROP COLUMN version');
}
