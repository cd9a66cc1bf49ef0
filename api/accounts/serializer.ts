import type { HalDocument } from '../http/hal.js';
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
