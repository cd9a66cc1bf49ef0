import { z } from 'zod';
import type { Sequelize } from 'sequelize';
import { Transaction } from 'sequelize';
import type { User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import type { Clock } from '../clock.js';

/** The furthest a snooze may be set ahead; longer than that is what "indefinitely" is for. */
export const SNOOZE_MAX_DAYS = 365;

export const snoozeSchema = z.strictObject({
  until: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 time with a zone, such as 2026-12-01T09:00:00Z' })
    .meta({ title: `Snooze until (an ISO 8601 time within ${SNOOZE_MAX_DAYS} days; leave it out to snooze until you wake)` })
    .optional(),
});

export interface SnoozeState {
  snoozed: boolean;
  /** When it ends by itself; null while snoozed indefinitely (and when not snoozed). */
  until: Date | null;
}

/**
 * Whether the user is snoozed now. The column holds 'infinity' for "until I wake" (Sequelize
 * reads it as the number Infinity), a time for a snooze that ends by itself, or NULL; a time
 * already past is the same as NULL, so a snooze ends without anyone writing anything.
 */
export function snoozeState(user: Pick<User, 'snoozedUntil'>, now: Date): SnoozeState {
  const raw = user.snoozedUntil as Date | number | null | undefined;
  if (raw === null || raw === undefined) return { snoozed: false, until: null };
  if (typeof raw === 'number') return raw === Infinity ? { snoozed: true, until: null } : { snoozed: false, until: null };
  return raw.getTime() > now.getTime() ? { snoozed: true, until: raw } : { snoozed: false, until: null };
}

/** Swiping is stopped while snoozed: the way forward is waking, on `me`. */
export function requireAwake(user: Pick<User, 'snoozedUntil'>, now: Date): void {
  const state = snoozeState(user, now);
  if (!state.snoozed) return;
  const until = state.until ? `until ${state.until.toISOString()}` : 'until you wake';
  throw new HttpProblem(409, 'snoozed', 'Snoozed', `You are snoozed ${until}: hidden from everyone's deck and not swiping. Wake up (the wake template on me) to swipe again; matches and chats keep working.`, {
    links: { me: { href: '/me' } },
  });
}

export function createSnoozeService(deps: { sequelize: Sequelize; clock: Clock }) {
  const write = (user: User, value: Date | number | null) =>
    deps.sequelize.transaction(async (transaction) => {
      await user.reload({ transaction, lock: Transaction.LOCK.NO_KEY_UPDATE });
      // Waking someone awake changes nothing, not even the version.
      if (value === null && user.snoozedUntil === null) return user;
      // The profile's representation changes, so its version (the ETag of /me) does too.
      return user.update({ snoozedUntil: value as Date | null, version: user.version + 1 }, { fields: ['snoozedUntil', 'version'], transaction });
    });

  return {
    /** Snoozes until `until` (an ISO time from snoozeSchema), or indefinitely without one. */
    async snooze(user: User, until: string | undefined): Promise<User> {
      if (until === undefined) return write(user, Infinity);
      const at = new Date(until);
      const now = deps.clock.now();
      if (Number.isNaN(at.getTime())) throw problems.validation([{ field: 'until', message: 'is not a real time' }]);
      if (at.getTime() <= now.getTime()) throw problems.validation([{ field: 'until', message: 'must be in the future' }]);
      if (at.getTime() > now.getTime() + SNOOZE_MAX_DAYS * 86_400_000) {
        throw problems.validation([{ field: 'until', message: `must be within ${SNOOZE_MAX_DAYS} days; leave it out to snooze until you wake` }]);
      }
      return write(user, at);
    },
    wake: (user: User): Promise<User> => write(user, null),
  };
}

export type SnoozeService = ReturnType<typeof createSnoozeService>;
