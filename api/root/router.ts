import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal, template, type HalDocument } from '../http/hal.js';
import type { Authenticators, Principal } from '../auth/tokens.js';
import { loginSchema, signupSchema } from '../accounts/schemas.js';

export function serializeRoot(principal?: Principal): HalDocument {
  if (!principal) {
    return {
      name: 'Friender',
      _links: { self: { href: '/' }, health: { href: '/health' } },
      _templates: {
        signup: template('Create an account', 'POST', '/accounts', signupSchema),
        login: template('Log in', 'POST', '/sessions', loginSchema),
      },
    };
  }
  return {
    name: 'Friender',
    username: principal.user.username,
    _links: {
      self: { href: '/' },
      me: { href: '/me' },
      candidates: { href: '/candidates' },
      matches: { href: '/matches' },
      health: { href: '/health' },
    },
    _templates: { logout: template('Log out', 'DELETE', '/sessions/current') },
  };
}

export function rootRouter(deps: { auth: Authenticators }): Router {
  const router = Router();
  router
    .route('/')
    .get(deps.auth.optional, (req, res) => {
      sendHal(res, 200, serializeRoot(req.principal));
    })
    .all(onlyMethods('GET'));
  return router;
}
