import { QueryTypes } from 'sequelize';
import { call } from './http.js';
import { services } from './services.js';
import { multipart } from './multipart.js';

let counter = 0;

export interface TestUser {
  username: string;
  email: string;
  password: string;
  birthDate: string;
  token: string;
}

/** The birth date every test user has unless a test picks one (an adult on any day the suite may run). */
export const BIRTH_DATE = '1990-05-17';

type SignupFields = Partial<Pick<TestUser, 'username' | 'email' | 'password' | 'birthDate'>>;

/** Signs a user up through the real API; pass fields to fix the ones a test cares about. */
export async function signup(base: string, fields: SignupFields = {}): Promise<TestUser> {
  counter += 1;
  const username = fields.username ?? `user_${process.pid % 1000}_${counter}`;
  const input = { username, email: fields.email ?? `${username}@example.com`, password: fields.password ?? 'correct horse battery', birthDate: fields.birthDate ?? BIRTH_DATE };
  const reply = await call(base, 'POST', '/accounts', { json: input });
  if (reply.status !== 201) throw new Error(`signup failed: ${reply.status} ${reply.text}`);
  return { ...input, username: reply.body.username, token: reply.body.token };
}

export const completeProfile = { birthDate: BIRTH_DATE, bio: 'Board games and long walks.', hobbies: ['hiking', 'board games'], interests: ['jazz', 'cooking'], zipCode: '10001', friendRadius: 25 };

/** A `birthDate` in `profile` is given at signup (it cannot be changed afterwards); the rest is one PATCH /me. */
export async function signupComplete(base: string, fields: SignupFields = {}, profile: Record<string, unknown> = {}): Promise<TestUser> {
  const { birthDate, ...rest } = { ...completeProfile, ...profile };
  const user = await signup(base, { birthDate: fields.birthDate ?? (birthDate as string), ...fields });
  const reply = await call(base, 'PATCH', '/me', { token: user.token, json: rest });
  if (reply.status !== 200) throw new Error(`profile edit failed: ${reply.status} ${reply.text}`);
  return user;
}

/** Uploads images through the real API, one request each; returns the photo ids in order. */
export async function addPhotos(base: string, token: string, images: Buffer[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, data] of images.entries()) {
    const { body, contentType } = multipart([{ filename: `photo-${i + 1}.jpg`, data }]);
    const reply = await call(base, 'POST', '/me/photos', { token, body, headers: { 'content-type': contentType } });
    if (reply.status !== 201) throw new Error(`photo upload failed: ${reply.status} ${reply.text}`);
    const photos = reply.body._embedded.photos as Array<{ id: string }>;
    ids.push(photos[photos.length - 1]!.id);
  }
  return ids;
}

/** A complete profile somewhere: `person(url, 'ana', { zipCode: '07030', hobbies: ['chess'] })`. */
export function person(base: string, username: string, profile: Record<string, unknown> = {}): Promise<TestUser> {
  return signupComplete(base, { username }, profile);
}

/** Likes or passes on someone through the API; returns the reply. */
export function answer(base: string, who: TestUser, username: string, verb: 'like' | 'pass') {
  return call(base, 'POST', `/candidates/${username}/${verb}`, { token: who.token });
}

/** The miles the API should show `b` to `a`: from a's ZIP to b's place, never b's ZIP. */
export async function milesShown(a: string, b: string): Promise<number> {
  const [row] = await services.get().sequelize.query<{ miles: number }>(
    `SELECT friender_miles(round(earth_distance(za.location, zb.location))::int) AS miles
     FROM users ua JOIN zip_codes za ON za.zip = ua.zip_code, users ub JOIN zip_codes zb ON zb.zip = ub.place_zip
     WHERE ua.username = $1 AND ub.username = $2`,
    { bind: [a, b], type: QueryTypes.SELECT },
  );
  if (!row) throw new Error(`no places for ${a} and ${b}`);
  return row.miles;
}
