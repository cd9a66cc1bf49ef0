import bcrypt from 'bcrypt';
import { QueryTypes, type QueryInterface } from 'sequelize';
import {
  BIO_CLOSERS, BIO_MIDDLES, BIO_OPENERS, FIRST_NAMES, HOBBIES, INTERESTS, METRO_RADIUS_MILES, METROS,
  RADII, USERNAME_SUFFIXES, USERNAME_WORDS, type Metro,
} from './data/demo-pools.js';
import { PROMPT_ANSWERS } from './data/demo-prompts.js';
import { PROMPT_QUESTIONS, PROMPT_ANSWER_MAX, PROMPTS_MAX } from '../api/profile/prompts.js';

/**
 * Demo users for trying Friender out: 360 people (the documented demo login included)
 * in ten US metro areas, each on a real ZIP within 20 miles of the metro centre, so
 * candidates show up at once. Deterministic: the same rows on every run.
 * All share one password, hashed once; about 5% have an incomplete profile on purpose.
 */

export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'friender-demo';
export const DEMO_EMAIL_DOMAIN = 'demo.friender.test';
/** Total rows up() creates on an empty database, the demo login included. */
export const DEMO_USER_COUNT = 360;
const SEED = 0x5eed_f00d;

export interface DemoUser {
  username: string;
  email: string;
  bio: string;
  hobbies: string[];
  interests: string[];
  zipCode: string | null;
  friendRadius: number | null;
  /** YYYY-MM-DD: adults of every age from 19 to 70. */
  birthDate: string;
  /** Up to 3 answered prompts; about four in five users have some. */
  prompts: Array<{ question: string; answer: string }>;
  /** The ages this user wants to see (18–99 is everyone). */
  minAge: number;
  maxAge: number;
  /** Only people this user reaches (and whose ages fit) see them, and they only see those. */
  mutualRadius: boolean;
  /** Hidden from every deck until they wake (snoozed_until 'infinity'). */
  snoozed: boolean;
  /** Back-dates created_at so the accounts don't all look a millisecond old. */
  ageMinutes: number;
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** count distinct items from list (partial Fisher–Yates on a copy). */
function sample<T>(rng: Rng, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}

/** How many users each metro gets: proportional to weight, largest remainders first. */
function allocate(metros: readonly Metro[], total: number): Map<string, number> {
  const sum = metros.reduce((s, m) => s + m.weight, 0);
  const exact = metros.map((m) => ({ key: m.key, share: (m.weight / sum) * total }));
  const counts = new Map(exact.map((e) => [e.key, Math.floor(e.share)]));
  let left = total - [...counts.values()].reduce((s, n) => s + n, 0);
  for (const e of [...exact].sort((a, b) => (b.share % 1) - (a.share % 1) || a.key.localeCompare(b.key))) {
    if (left-- <= 0) break;
    counts.set(e.key, counts.get(e.key)! + 1);
  }
  return counts;
}

function makeUsername(rng: Rng, metro: Metro, taken: Set<string>): string {
  for (;;) {
    const suffix = pick(rng, USERNAME_SUFFIXES)
      .replace('#', String(rng() < 0.3 ? int(rng, 80, 99) : int(rng, 1, 42)))
      .replace('@', metro.key)
      .replace('*', pick(rng, USERNAME_WORDS))
      .replace('%', pick(rng, [...'abcdefghijklmnoprstvwyz']));
    const name = `${pick(rng, FIRST_NAMES)}${suffix}`.slice(0, 30);
    if (/^[a-z0-9_]{3,30}$/.test(name) && !taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}

function makeBio(rng: Rng, hobbies: string[], interests: string[]): string {
  if (rng() < 0.08) return '';
  const middle = pick(rng, BIO_MIDDLES).replace('{h}', pick(rng, hobbies)).replace('{i}', pick(rng, interests));
  return [pick(rng, BIO_OPENERS), middle, pick(rng, BIO_CLOSERS)].filter(Boolean).join(' ').slice(0, 500);
}

/** Takes away part of a profile, so the "incomplete profile" rules can be seen. */
function makeIncomplete(rng: Rng, user: DemoUser): void {
  const what = int(rng, 0, 3);
  if (what === 0) Object.assign(user, { zipCode: null, friendRadius: null });
  if (what === 1) user.friendRadius = null;
  if (what === 2) user.hobbies = [];
  if (what === 3) Object.assign(user, { hobbies: [], interests: [], zipCode: null, friendRadius: null, bio: '' });
}

export function demoLogin(): DemoUser {
  return {
    username: DEMO_USERNAME,
    email: `${DEMO_USERNAME}@${DEMO_EMAIL_DOMAIN}`,
    bio: 'The demo account. Log in with the documented demo password, swipe on the New York crowd, and say hi.',
    hobbies: ['board games', 'hiking', 'sourdough baking'],
    interests: ['jazz', 'indie films', 'coffee'],
    zipCode: '10001',
    friendRadius: 25,
    birthDate: '1991-04-12',
    prompts: [
      { question: 'A perfect Saturday is…', answer: 'sourdough in the oven, a board game café in the afternoon, jazz at night.' },
      { question: "Let's go to…", answer: 'the High Line early, before the crowds, then coffee.' },
    ],
    minAge: 18,
    maxAge: 99,
    mutualRadius: false,
    snoozed: false,
    ageMinutes: 60 * 24 * 30,
  };
}

/** 0–3 prompts (none for about one in five), questions distinct, answers from the user's own tags. */
function makePrompts(rng: Rng, hobbies: string[], interests: string[]): DemoUser['prompts'] {
  const count = rng() < 0.2 ? 0 : int(rng, 1, PROMPTS_MAX);
  return sample(rng, PROMPT_QUESTIONS, count).map((question) => {
    const answer = pick(rng, PROMPT_ANSWERS[question])
      .replace('{h}', pick(rng, hobbies.length ? hobbies : ['hiking']))
      .replace('{i}', pick(rng, interests.length ? interests : ['music']));
    return { question, answer: answer.slice(0, PROMPT_ANSWER_MAX) };
  });
}

/** Whole years on 2026-01-01: close enough to centre a demo age range on. */
const ageOf = (birthDate: string) => 2025 - Number(birthDate.slice(0, 4));

/** About one in four sets an age range around their own age; about one in eight turns mutual radius on. */
function makePreferences(rng: Rng, birthDate: string): Pick<DemoUser, 'minAge' | 'maxAge' | 'mutualRadius'> {
  const age = ageOf(birthDate);
  const ranged = rng() < 0.25;
  const minAge = Math.max(18, age - int(rng, 4, 12));
  const maxAge = Math.min(99, age + int(rng, 6, 20));
  const mutualRadius = rng() < 0.125;
  return ranged ? { minAge, maxAge, mutualRadius } : { minAge: 18, maxAge: 99, mutualRadius };
}

/**
 * The demo users, the demo login first. Pure and deterministic: given the same ZIP lists
 * (metro key → ZIPs near its centre, in a fixed order) it returns the same users.
 */
export function buildDemoUsers(zipsByMetro: ReadonlyMap<string, readonly string[]>, total = DEMO_USER_COUNT): DemoUser[] {
  const rng = mulberry32(SEED);
  // Its own sequence, so adding birth dates changed nobody's name, tags or place.
  const born = mulberry32(SEED + 1);
  // And prompts and preferences each theirs, for the same reason.
  const said = mulberry32(SEED + 2);
  const prefers = mulberry32(SEED + 3);
  let snoozedOne = false;
  const taken = new Set<string>([DEMO_USERNAME]);
  const users: DemoUser[] = [demoLogin()];
  const counts = allocate(METROS, total - 1);
  const metros = METROS.flatMap((m) => Array<Metro>(counts.get(m.key) ?? 0).fill(m));
  for (const [index, metro] of sample(rng, metros, metros.length).entries()) {
    const zips = zipsByMetro.get(metro.key);
    if (!zips?.length) throw new Error(`no ZIP codes found near ${metro.name}`);
    const username = makeUsername(rng, metro, taken);
    const hobbies = sample(rng, HOBBIES, int(rng, 2, 6));
    const interests = sample(rng, INTERESTS, int(rng, 2, 6));
    const bio = makeBio(rng, hobbies, interests);
    const zipCode = pick(rng, zips);
    const friendRadius = pick(rng, RADII);
    const birthDate = `${int(born, 1956, 2006)}-${String(int(born, 1, 12)).padStart(2, '0')}-${String(int(born, 1, 28)).padStart(2, '0')}`;
    const user: DemoUser = {
      username,
      email: `${username}@${DEMO_EMAIL_DOMAIN}`,
      bio,
      hobbies,
      interests,
      zipCode,
      friendRadius,
      birthDate,
      prompts: makePrompts(said, hobbies, interests),
      ...makePreferences(prefers, birthDate),
      snoozed: false,
      ageMinutes: int(rng, 10, 60 * 24 * 120),
    };
    if (index % 20 === 7) makeIncomplete(rng, user); // ~5%
    // One New Yorker near the demo login is snoozed, so a snooze can be seen (they are in nobody's deck).
    if (!snoozedOne && metro.key === 'nyc' && index % 20 !== 7 && user.prompts.length > 0) {
      snoozedOne = true;
      user.snoozed = true;
    }
    users.push(user);
  }
  return users;
}

/** Real ZIPs within METRO_RADIUS_MILES of each metro centre (haversine on the ZCTA centroids), by ZIP. */
async function zipsNearMetros(qi: QueryInterface): Promise<Map<string, string[]>> {
  const rows = await qi.sequelize.query<{ key: string; zip: string }>(
    `SELECT m.key, z.zip
       FROM json_to_recordset($1::json) AS m(key text, latitude float8, longitude float8)
       JOIN zip_codes z
         ON z.latitude BETWEEN m.latitude - 0.5 AND m.latitude + 0.5
        AND z.longitude BETWEEN m.longitude - 0.6 AND m.longitude + 0.6
      WHERE 3958.8 * 2 * asin(sqrt(
              power(sin(radians(z.latitude - m.latitude) / 2), 2)
              + cos(radians(m.latitude)) * cos(radians(z.latitude)) * power(sin(radians(z.longitude - m.longitude) / 2), 2)
            )) <= $2
      ORDER BY m.key, z.zip`,
    { bind: [JSON.stringify(METROS), METRO_RADIUS_MILES], type: QueryTypes.SELECT },
  );
  const byMetro = new Map<string, string[]>();
  for (const { key, zip } of rows) byMetro.set(key, [...(byMetro.get(key) ?? []), zip]);
  return byMetro;
}

function bcryptCost(): number {
  const cost = Number(process.env.BCRYPT_COST ?? 12);
  return Number.isInteger(cost) && cost >= 4 && cost <= 15 ? cost : 12;
}

export async function up(qi: QueryInterface): Promise<void> {
  const users = buildDemoUsers(await zipsNearMetros(qi));
  // One hash for everyone: 360 hashes at cost 12 would take the better part of two minutes.
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, bcryptCost());
  // One INSERT. A name or email already taken by a real account is skipped, never overwritten.
  const inserted = await qi.sequelize.query<{ username: string }>(
    `INSERT INTO users (username, email, password_hash, bio, hobbies, interests, zip_code, friend_radius, birth_date,
                        prompts, min_age, max_age, mutual_radius, snoozed_until, created_at, updated_at)
     SELECT r.username, r.email, $2, r.bio, r.hobbies, r.interests, r."zipCode", r."friendRadius", r."birthDate"::date,
            r.prompts, r."minAge", r."maxAge", r."mutualRadius", CASE WHEN r.snoozed THEN 'infinity'::timestamptz END,
            now() - make_interval(mins => r."ageMinutes"), now() - make_interval(mins => r."ageMinutes")
       FROM json_to_recordset($1::json) AS r(username text, email text, bio text, hobbies text[], interests text[],
                                             "zipCode" text, "friendRadius" int, "birthDate" text, prompts jsonb,
                                             "minAge" int, "maxAge" int, "mutualRadius" boolean, snoozed boolean, "ageMinutes" int)
     ON CONFLICT DO NOTHING
     RETURNING username`,
    { bind: [JSON.stringify(users), passwordHash], type: QueryTypes.SELECT },
  );
  const demoSeeded = inserted.some((u) => u.username === DEMO_USERNAME);
  console.error(
    demoSeeded
      ? `demo login: ${DEMO_USERNAME} / ${DEMO_PASSWORD} (${inserted.length} demo users)`
      : `demo login unavailable: the username "${DEMO_USERNAME}" is already taken (${inserted.length} demo users)`,
  );
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query("DELETE FROM users WHERE lower(email) LIKE ('%@' || $1)", { bind: [DEMO_EMAIL_DOMAIN] });
}
