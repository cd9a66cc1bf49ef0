import type { QueryInterface } from 'sequelize';

// Failed-login counters live in PostgreSQL so every API instance enforces the same limit.
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE login_throttles (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_started_at timestamptz NOT NULL
    )`);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE login_throttles');
}
