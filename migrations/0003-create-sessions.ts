import type { QueryInterface } from 'sequelize';

// One row per login: the token's jti. Logout revokes the row, so the token is useless at once.
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz
    )`);
  await qi.sequelize.query('CREATE INDEX sessions_user_id_idx ON sessions (user_id)');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE sessions');
}
