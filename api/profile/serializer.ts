import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import { deleteAccountSchema } from '../accounts/schemas.js';
import { profileEditSchema } from './schemas.js';
import { missingFields } from './service.js';
import { shownPrompts } from './prompts.js';
import { snoozeSchema, snoozeState } from './snooze.js';

/** `now` decides whether a snooze is still on (one that has ended is shown as none). */
export function serializeProfile(user: User, now: Date): HalDocument {
  const missing = missingFields(user);
  const snooze = snoozeState(user, now);
  return {
    username: user.username,
    email: user.email,
    bio: user.bio,
    hobbies: user.hobbies,
    interests: user.interests,
    zipCode: user.zipCode,
    friendRadius: user.friendRadius,
    complete: missing.length === 0,
    missing,
    prompts: shownPrompts(user.prompts),
    snoozed: snooze.snoozed,
    snoozedUntil: snooze.until?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    _links: { self: { href: '/me' }, photos: { href: '/me/photos' } },
    _templates: {
      edit: template('Edit your profile', 'PATCH', '/me', profileEditSchema, {
        email: user.email,
        bio: user.bio,
        hobbies: user.hobbies,
        interests: user.interests,
        zipCode: user.zipCode ?? undefined,
        friendRadius: user.friendRadius ?? undefined,
        prompts: shownPrompts(user.prompts),
      }),
      delete: template('Delete your account', 'DELETE', '/me', deleteAccountSchema),
      // Offered while snoozed too: a new end replaces the old one.
      snooze: template('Snooze: hide from every deck and stop swiping', 'POST', '/me/snooze', snoozeSchema),
      ...(snooze.snoozed ? { wake: template('Wake up: be shown and swipe again', 'DELETE', '/me/snooze') } : {}),
    },
  };
}
