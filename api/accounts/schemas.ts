import { z } from 'zod';
import { hasControl, hasLoneSurrogate } from '../http/text.js';
import { problems } from '../http/problems.js';

const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export const password = z
  .string()
  .min(8, { abort: true, message: 'must be at least 8 characters' })
  .max(72, { abort: true, message: 'must be at most 72 bytes (bcrypt ignores the rest)' })
  .refine((s) => utf8Bytes(s) <= 72, 'must be at most 72 bytes (bcrypt ignores the rest)')
  .meta({ title: 'Password (8–72 bytes)', halType: 'password' });

export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(30)
  // Checked after lower-casing; the pattern says what a client may type.
  .regex(/^[A-Za-z0-9_]+$/, 'may only contain a-z, 0-9 and _')
  .meta({ title: 'Username (3–30 of a-z, 0-9, _)' });

export const email = z.string().trim().max(254).pipe(z.email('must be a valid email address')).meta({ title: 'Email', halType: 'email' });

/** A real calendar day, written YYYY-MM-DD; whether it is 18 or more years ago is checked against the clock (requireAdult). */
export const birthDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { abort: true, message: 'must be a date written YYYY-MM-DD' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '1900-01-01';
  }, 'must be a real date, 1900 or later')
  .meta({ title: 'Birth date (YYYY-MM-DD; you must be 18 or older; never shown, others see your age)', format: 'date' });

export const ADULT_AGE = 18;

/** Whole years between a birth date and a day (both YYYY-MM-DD): a birthday counts on its day. */
export function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The UTC date of a moment, YYYY-MM-DD: the day ages are counted on. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/**
 * Adults only: 18 on the day of the 18th birthday by the clock (UTC), not a day after. Someone born
 * on 29 February turns a year older on 1 March in common years (ageOn compares month and day).
 */
export function requireAdult(birth: string, now: Date): void {
  if (ageOn(birth, dayOf(now)) < ADULT_AGE) throw problems.validation([{ field: 'birthDate', message: `you must be ${ADULT_AGE} or older to use Friender` }]);
}

export const signupSchema = z.strictObject({ username, email, password, birthDate });

export const loginSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .min(1)
    .max(254)
    .refine((s) => !hasControl(s) && !hasLoneSurrogate(s), 'may not contain control characters')
    .meta({ title: 'Username or email' }),
  password: z.string().min(1).max(1024).meta({ title: 'Password', halType: 'password' }),
});

export const deleteAccountSchema = z.strictObject({
  password: z.string().min(1).max(1024).meta({ title: 'Your password, to confirm', halType: 'password' }),
});
