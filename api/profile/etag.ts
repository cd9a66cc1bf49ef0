import { createHash } from 'node:crypto';
import type { User } from '../db/models.js';

/**
 * /me's strong ETag: the stored row's version, and whose profile it is (so one account's tag
 * never matches another's /me — both live at the same URL).
 */
export function profileETag(user: Pick<User, 'id' | 'version'>): string {
  const who = createHash('sha256').update(user.id).digest('base64url').slice(0, 10);
  return `"${user.version}-${who}"`;
}
