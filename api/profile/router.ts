import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { parseBody } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import type { AccountService } from '../accounts/service.js';
import { deleteAccountSchema } from '../accounts/schemas.js';
import { profileEditSchema } from './schemas.js';
import type { ProfileService } from './service.js';
import { serializeProfile } from './serializer.js';
import { parseIfMatch, requireMatch } from '../http/conditional.js';
import { profileETag } from './etag.js';
import type { Clock } from '../clock.js';

export function profileRouter(deps: { auth: Authenticators; profiles: ProfileService; accounts: AccountService; clock: Clock }): Router {
  const router = Router();
  router
    .route('/me')
    .all(deps.auth.required)
    .get((req, res) => {
      const user = req.principal!.user;
      res.set('ETag', profileETag(user));
      sendHal(res, 200, serializeProfile(user, deps.clock.now()));
    })
    .patch(async (req, res) => {
      const ifMatch = parseIfMatch(req.get('if-match'));
      // A stale edit is a 412 before its body is judged (RFC 9110 §13.2.2); the service checks again under the row's lock.
      requireMatch(ifMatch, profileETag(req.principal!.user), 'Your profile', { me: { href: '/me' } });
      const edit = parseBody(profileEditSchema, req);
      const user = await deps.profiles.update(req.principal!.user, edit, ifMatch);
      res.set('ETag', profileETag(user)).set('Content-Location', '/me');
      sendHal(res, 200, serializeProfile(user, deps.clock.now()));
    })
    .delete(async (req, res) => {
      const { password } = parseBody(deleteAccountSchema, req);
      await deps.accounts.deleteAccount(req.principal!.user, password);
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'PATCH', 'DELETE'));
  return router;
}
