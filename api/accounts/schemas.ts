import { z } from 'zod';
import { hasControl, hasLoneSurrogate } from '../http/text.js';

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

export const signupSchema = z.strictObject({ username, email, password });

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
