import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import { ageOn, dayOf, deleteAccountSchema } from '../accounts/schemas.js';
import { profileEditDatedSchema, profileEditSchema } from './schemas.js';
import { missingFields } from './service.js';
import { shownPrompts } from './prompts.js';
import { snoozeSchema, snoozeState } from './snooze.js';

/** The owner's own view: the only response that carries `birthDate` (everyone else sees `age`); `now` decides whether a snooze is still on. */
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
    birthDate: user.birthDate,
    age: user.birthDate ? ageOn(user.birthDate, dayOf(now)) : null,
    minAge: user.minAge,
    maxAge: user.maxAge,
    mutualRadius: user.mutualRadius,
    readReceipts: user.readReceipts,
    complete: missing.length === 0,
    missing,
    prompts: shownPrompts(user.prompts),
    snoozed: snooze.snoozed,
    snoozedUntil: snooze.until?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    _links: { self: { href: '/me' }, photos: { href: '/me/photos' }, blocks: { href: '/me/blocks' } },
    _templates: {
      // A birth date is offered only while it is missing: once given it cannot be changed.
      edit: template('Edit your profile', 'PATCH', '/me', user.birthDate ? profileEditDatedSchema : profileEditSchema, {
        email: user.email,
        bio: user.bio,
        hobbies: user.hobbies,
        interests: user.interests,
        zipCode: user.zipCode ?? undefined,
        friendRadius: user.friendRadius ?? undefined,
        minAge: user.minAge,
        maxAge: user.maxAge,
        mutualRadius: user.mutualRadius,
        readReceipts: user.readReceipts,
        prompts: shownPrompts(user.prompts),
      }),
      delete: template('Delete your account', 'DELETE', '/me', deleteAccountSchema),
      // Offered while snoozed too: a new end replaces the old one.
      snooze: template('Snooze: hide from every deck and stop swiping', 'POST', '/me/snooze', snoozeSchema),
      ...(snooze.snoozed ? { wake: template('Wake up: be shown and swipe again', 'DELETE', '/me/snooze') } : {}),
    },
  };
}
