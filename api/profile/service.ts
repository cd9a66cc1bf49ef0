import { QueryTypes, Transaction, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { secondsUntil, type Limiter } from '../limits/limiter.js';
import type { ProfileEdit } from './schemas.js';
import { requireMatch, type IfMatch } from '../http/conditional.js';
import { profileETag } from './etag.js';
import { requireAdult } from '../accounts/schemas.js';
import type { Clock } from '../clock.js';

export const REQUIRED_FOR_COMPLETE = ['birthDate', 'hobbies', 'interests', 'zipCode', 'friendRadius'] as const;

export function missingFields(user: User): string[] {
  return REQUIRED_FOR_COMPLETE.filter((field) => {
    const value = user[field];
    return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
  });
}

function tooManyMoves(perDay: number, retryAt: Date, now: Date): HttpProblem {
  const wait = secondsUntil(retryAt, now);
  const hours = Math.ceil(wait / 3600);
  const message = `can be changed ${perDay} times a day; the next change is possible at ${retryAt.toISOString()} (in about ${hours} hour${hours === 1 ? '' : 's'})`;
  return new HttpProblem(429, 'zip-change-limit', 'ZIP code changed too often', `A ZIP code can be changed ${perDay} times a day; nothing was changed.`, {
    errors: [{ field: 'zipCode', message }],
    headers: { 'Retry-After': String(wait) },
  });
}

/** The age range sought, as it will be stored: an edit of one end is checked against the other end as stored. */
function checkAgeRange(user: User, edit: ProfileEdit): void {
  const min = edit.minAge ?? user.minAge;
  const max = edit.maxAge ?? user.maxAge;
  if (min <= max) return;
  const errors = [];
  if (edit.minAge !== undefined) errors.push({ field: 'minAge', message: `must be at most the oldest age you want to meet (maxAge ${max})` });
  if (edit.maxAge !== undefined) errors.push({ field: 'maxAge', message: `must be at least the youngest age you want to meet (minAge ${min})` });
  throw problems.validation(errors);
}

/** A birth date is given once (at signup, or once by an account made before they were asked for) and must be 18+ today. */
function checkBirthDate(user: User, edit: ProfileEdit, now: Date): void {
  if (edit.birthDate === undefined || edit.birthDate === user.birthDate) return;
  if (user.birthDate) throw problems.validation([{ field: 'birthDate', message: 'cannot be changed once given' }]);
  requireAdult(edit.birthDate, now);
}

export function createProfileService(deps: { sequelize: Sequelize; limiter: Limiter; zipChangesPerDay: number; clock: Clock }) {
  return {
    /** Applies an edit to what is stored now, only if that is still the version `ifMatch` names (when given). */
    async update(user: User, edit: ProfileEdit, ifMatch?: IfMatch): Promise<User> {
      if (edit.zipCode !== undefined && edit.zipCode !== user.zipCode) {
        const found = await deps.sequelize.query('SELECT 1 FROM zip_codes WHERE zip = $1', { bind: [edit.zipCode], type: QueryTypes.SELECT });
        if (found.length === 0) throw problems.validation([{ field: 'zipCode', message: 'is not a known US ZIP code' }]);
      }
      try {
        return await deps.sequelize.transaction(async (transaction) => {
          // Edits of one profile go one at a time, so a change is measured against what is stored —
          // the version If-Match names and the ZIP a move is counted from — and the answer (and its
          // ETag) shows the whole row as stored, not the one read when the request came in.
          await user.reload({ transaction, lock: Transaction.LOCK.NO_KEY_UPDATE });
          requireMatch(ifMatch, profileETag(user), 'Your profile', { me: { href: '/me' } });
          checkBirthDate(user, edit, deps.clock.now());
          checkAgeRange(user, edit);
          // Each ZIP is a vantage point to measure others from: moves are limited, counted in the
          // same transaction as the edit, so a refused or failed edit costs nothing.
          if (edit.zipCode !== undefined && edit.zipCode !== user.zipCode) {
            const { at, retryAt } = await deps.limiter.take([{ key: `zip-change:${user.id}`, max: deps.zipChangesPerDay, windowSeconds: 24 * 3600 }], transaction);
            if (retryAt) throw tooManyMoves(deps.zipChangesPerDay, retryAt, at);
          }
          // Only the validated, whitelisted fields reach the model: no mass assignment.
          return user.update({ ...edit, version: user.version + 1 }, { fields: [...(Object.keys(edit) as Array<keyof ProfileEdit>), 'version'], transaction });
        });
      } catch (err) {
        if (err instanceof UniqueConstraintError) throw problems.conflict('email', 'is already registered');
        throw err;
      }
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
