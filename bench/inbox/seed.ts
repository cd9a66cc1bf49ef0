import { createSecretKey } from 'node:crypto';
import bcrypt from 'bcrypt';
import type pg from 'pg';
import { signToken } from '../../api/auth/tokens.js';
import type { Config } from '../../api/config.js';

export interface BenchUser {
  /** 1-based: users 1..2×matches are the senders, 2g-1 and 2g matched with each other. */
  n: number;
  id: string;
  token: string;
}

/**
 * `users` people (inbox_1 … inbox_N), a login (session row and its signed token) for each, and
 * `matches` matches between inbox_1–inbox_2, inbox_3–inbox_4, …: all in SQL, in seconds, where
 * 10,000 logins through the API would take minutes of bcrypt and be no part of what is measured.
 * The tokens are signed with the API's own secret, issuer and audience, as POST /sessions does.
 */
export async function seedInbox(db: pg.Client, config: Config, users: number, matches: number): Promise<BenchUser[]> {
  const hash = await bcrypt.hash('bench-inbox-password', 4);
  await db.query(
    `INSERT INTO users (username, email, password_hash, hobbies, interests, zip_code, friend_radius, birth_date)
     SELECT 'inbox_' || g, 'inbox_' || g || '@bench.invalid', $1, '{chess}', '{jazz}', '10001', 10, '1990-06-15' FROM generate_series(1, $2::int) g`,
    [hash, users],
  );
  const { rows: sessions } = await db.query(
    `INSERT INTO sessions (user_id, expires_at)
     SELECT id, now() + interval '1 day' FROM users WHERE username LIKE 'inbox\\_%'
     RETURNING id, user_id, expires_at`,
  );
  const { rows: people } = await db.query(`SELECT id, substr(username, 7)::int AS n FROM users WHERE username LIKE 'inbox\\_%'`);
  const idOf = new Map<number, string>(people.map((r) => [r.n as number, r.id as string]));
  const key = createSecretKey(Buffer.from(config.jwtSecret!));
  const settings = { key, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: config.tokenTtlSeconds };
  const now = new Date();
  const tokenOf = new Map<string, string>(sessions.map((s) => [s.user_id as string, signToken(settings, { id: s.id, userId: s.user_id, expiresAt: s.expires_at }, now)]));
  await db.query(
    `INSERT INTO matches (user_a, user_b)
     SELECT least(a.id, b.id), greatest(a.id, b.id) FROM generate_series(1, $1::int) g
     JOIN users a ON a.username = 'inbox_' || (2 * g - 1) JOIN users b ON b.username = 'inbox_' || (2 * g)`,
    [matches],
  );
  await db.query('VACUUM ANALYZE users, sessions, matches');
  return Array.from({ length: users }, (_, i) => ({ n: i + 1, id: idOf.get(i + 1)!, token: tokenOf.get(idOf.get(i + 1)!)! }));
}
