import type { QueryInterface } from 'sequelize';

export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username varchar(30) NOT NULL CHECK (username ~ '^[a-z0-9_]{3,30}$'),
      email varchar(254) NOT NULL,
      password_hash text NOT NULL,
      bio varchar(500) NOT NULL DEFAULT '',
      hobbies text[] NOT NULL DEFAULT '{}' CHECK (cardinality(hobbies) <= 10),
      interests text[] NOT NULL DEFAULT '{}' CHECK (cardinality(interests) <= 10),
      zip_code char(5) REFERENCES zip_codes (zip),
      friend_radius integer CHECK (friend_radius BETWEEN 1 AND 500),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  await qi.sequelize.query('CREATE UNIQUE INDEX users_username_key ON users (lower(username))');
  await qi.sequelize.query('CREATE UNIQUE INDEX users_email_key ON users (lower(email))');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE users');
}
