import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal, template, type HalDocument } from '../http/hal.js';
import type { Authenticators, Principal } from '../auth/tokens.js';
import { loginSchema, signupSchema } from '../accounts/schemas.js';
import { OPENAPI_PATH } from '../openapi/document.js';

// The description of the API (OpenAPI), for tools: anonymous or not, as a link and as a Link header.
const SERVICE_DESC = { href: OPENAPI_PATH };
const SERVICE_DESC_HEADER = `<${OPENAPI_PATH}>; rel="service-desc"; type="application/vnd.oai.openapi+json;version=3.1"`;

export function serializeRoot(principal?: Principal): HalDocument {
  if (!principal) {
    return {
      name: 'Friender',
      _links: { self: { href: '/' }, health: { href: '/health' }, 'service-desc': SERVICE_DESC },
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
      inbox: { href: '/inbox' },
      health: { href: '/health' },
      'service-desc': SERVICE_DESC,
      // Only a moderator is offered the reports; anyone else asking there gets 403 moderators-only.
      ...(principal.user.moderator ? { reports: { href: '/reports' } } : {}),
    },
    _templates: { logout: template('Log out', 'DELETE', '/sessions/current') },
  };
}

export function rootRouter(deps: { auth: Authenticators }): Router {
  const router = Router();
  router
    .route('/')
    .get(deps.auth.optional, (req, res) => {
      res.set('Link', SERVICE_DESC_HEADER);
      sendHal(res, 200, serializeRoot(req.principal));
    })
    .all(onlyMethods('GET'));
  return router;
}
