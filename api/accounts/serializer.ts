import { template, type HalDocument } from '../http/hal.js';
import type { Principal } from '../auth/tokens.js';
import type { Issued } from './service.js';

/** Login and signup answer with the token and where to go next; never with the hash. */
export function serializeIssued({ user, token }: Issued): HalDocument {
  return {
    username: user.username,
    token,
    tokenType: 'Bearer',
    _links: { root: { href: '/' }, me: { href: '/me' } },
  };
}

export const SESSION_PATH = '/sessions/current';

/** The login this request was made with: whose it is and until when; never the token itself. */
export function serializeSession(principal: Principal): HalDocument {
  return {
    username: principal.user.username,
    expiresAt: principal.expiresAt.toISOString(),
    _links: { self: { href: SESSION_PATH }, root: { href: '/' }, me: { href: '/me' } },
    _templates: { logout: template('Log out', 'DELETE', SESSION_PATH) },
  };
}
