import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import { deleteAccountSchema } from '../accounts/schemas.js';
import { profileEditSchema } from './schemas.js';
import { missingFields } from './service.js';

export function serializeProfile(user: User): HalDocument {
  const missing = missingFields(user);
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
    createdAt: user.createdAt.toISOString(),
    _links: { self: { href: '/me' }, photos: { href: '/me/photos' }, blocks: { href: '/me/blocks' } },
    _templates: {
      edit: template('Edit your profile', 'PATCH', '/me', profileEditSchema, {
        email: user.email,
        bio: user.bio,
        hobbies: user.hobbies,
        interests: user.interests,
        zipCode: user.zipCode ?? undefined,
        friendRadius: user.friendRadius ?? undefined,
      }),
      delete: template('Delete your account', 'DELETE', '/me', deleteAccountSchema),
    },
  };
}
