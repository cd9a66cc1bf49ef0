import { createSecretKey } from 'node:crypto';
import bcrypt from 'bcrypt';
import type pg from 'pg';
import { signToken } from '../../api/auth/tokens.js';
import type { Config } from '../../api/config.js';

export interface SwipeClient {
  n: number;
  token: string;
}

const HOBBIES = 'hiking chess climbing cooking running cycling yoga painting photography gardening knitting pottery surfing tennis swimming dancing guitar reading baking camping'.split(' ');
const INTERESTS = 'jazz film history science startups theatre opera travel food wine coffee tea poetry design architecture anime podcasts astronomy languages museums'.split(' ');

/**
 * `users` complete profiles (swipe_1 … swipe_N) in Manhattan and Brooklyn ZIPs, each with 1 to 4
 * photos (2.5 on average: a page of 10 cards signs about 50 URLs), a bio and two prompts; the first
 * `clients` of them get a login (session row and token signed with the API's own secret, as POST
 * /sessions does), all in SQL — bcrypt for 200 logins would be no part of what is measured. Each
 * of the others already liked each client with probability `likedBy`, so some likes make matches,
 * and the matches list and messages have something to show.
 *
 * Photo rows get keys of their own (object_key is unique); no object is stored under them:
 * presigning never reads the bucket, and a client fetches images from S3, not from the API.
 */
export async function seedSwipe(db: pg.Client, config: Config, users: number, clients: number, likedBy: number): Promise<SwipeClient[]> {
  const hash = await bcrypt.hash('bench-swipe-password', 4);
  await db.query(
    `WITH z AS (SELECT array_agg(zip ORDER BY zip) AS zips FROM zip_codes WHERE zip LIKE '100%' OR zip LIKE '112%')
     INSERT INTO users (username, email, password_hash, bio, hobbies, interests, zip_code, friend_radius, birth_date, prompts)
     SELECT 'swipe_' || g, 'swipe_' || g || '@bench.invalid', $1, 'Bench person number ' || g || ', here to meet people who like what I like.',
       (SELECT array_agg(DISTINCT ($2::text[])[1 + floor(random() * cardinality($2::text[]))::int]) FROM generate_series(0, 2 + g % 4) WHERE g > 0),
       (SELECT array_agg(DISTINCT ($3::text[])[1 + floor(random() * cardinality($3::text[]))::int]) FROM generate_series(0, 2 + (g / 4) % 4) WHERE g > 0),
       z.zips[1 + floor(random() * cardinality(z.zips))::int], 25, date '2000-01-01' - (g % 9000),
       '[{"question":"A perfect Sunday","answer":"Coffee, a long walk and a board game."},{"question":"I am looking for","answer":"Someone to try new restaurants with."}]'::jsonb
     FROM z, generate_series(1, $4::int) g`,
    [hash, HOBBIES, INTERESTS, users],
  );
  await db.query(
    `INSERT INTO photos (user_id, position, object_key, thumbnail_key, content_type, width, height, bytes)
     SELECT u.id, p, 'photos/' || u.id || '/' || k || '.jpg', 'photos/' || u.id || '/' || k || '-thumb.jpg', 'image/jpeg', 1536, 2048, 250000
     FROM users u, LATERAL generate_series(1, 1 + substr(u.username, 7)::int % 4) p, LATERAL (SELECT gen_random_uuid() AS k WHERE p > 0) x
     WHERE u.username LIKE 'swipe\\_%'`,
  );
  const { rows: sessions } = await db.query(
    `INSERT INTO sessions (user_id, expires_at)
     SELECT id, now() + interval '1 day' FROM users WHERE username LIKE 'swipe\\_%' AND substr(username, 7)::int <= $1
     RETURNING id, user_id, expires_at`,
    [clients],
  );
  await db.query(
    `INSERT INTO swipes (swiper_id, swipee_id, liked)
     SELECT o.id, c.id, true FROM users o, users c
     WHERE o.username LIKE 'swipe\\_%' AND substr(o.username, 7)::int > $1
       AND c.username LIKE 'swipe\\_%' AND substr(c.username, 7)::int <= $1 AND random() < $2`,
    [clients, likedBy],
  );
  const { rows: people } = await db.query(`SELECT id, substr(username, 7)::int AS n FROM users WHERE username LIKE 'swipe\\_%'`);
  const idOf = new Map<number, string>(people.map((r) => [r.n as number, r.id as string]));
  const key = createSecretKey(Buffer.from(config.jwtSecret!));
  const settings = { key, issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: config.tokenTtlSeconds };
  const now = new Date();
  const tokenOf = new Map<string, string>(sessions.map((s) => [s.user_id as string, signToken(settings, { id: s.id, userId: s.user_id, expiresAt: s.expires_at }, now)]));
  await db.query('VACUUM ANALYZE users, photos, sessions, swipes');
  return Array.from({ length: clients }, (_, i) => ({ n: i + 1, token: tokenOf.get(idOf.get(i + 1)!)! }));
}
