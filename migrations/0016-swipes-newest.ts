import type { QueryInterface } from 'sequelize';

/**
 * A viewer's newest answers (for undo, on every candidates page and pass) by index, not by
 * sorting everything they ever answered.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('CREATE INDEX swipes_newest_idx ON swipes (swiper_id, created_at DESC)');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP INDEX swipes_newest_idx');
}
