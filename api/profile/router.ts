import { Router, type Request } from 'express';
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
import { snoozeSchema, type SnoozeService } from './snooze.js';
import type { Clock } from '../clock.js';

/** Nothing sent at all (no type, no length or 0, not chunked): a snooze until waking. */
const noBody = (req: Request) => !req.get('content-type') && (req.get('content-length') ?? '0') === '0' && !req.get('transfer-encoding');

export function profileRouter(deps: { auth: Authenticators; profiles: ProfileService; accounts: AccountService; snoozes: SnoozeService; clock: Clock }): Router {
  const router = Router();
  const showProfile = (res: Parameters<typeof sendHal>[0], user: Parameters<typeof serializeProfile>[0]) => {
    res.set('ETag', profileETag(user));
    sendHal(res, 200, serializeProfile(user, deps.clock.now()));
  };
  router
    .route('/me')
    .all(deps.auth.required)
    .get((req, res) => {
      showProfile(res, req.principal!.user);
    })
    .patch(async (req, res) => {
      const ifMatch = parseIfMatch(req.get('if-match'));
      // A stale edit is a 412 before its body is judged (RFC 9110 §13.2.2); the service checks again under the row's lock.
      requireMatch(ifMatch, profileETag(req.principal!.user), 'Your profile', { me: { href: '/me' } });
      const edit = parseBody(profileEditSchema, req);
      const user = await deps.profiles.update(req.principal!.user, edit, ifMatch);
      res.set('Content-Location', '/me');
      showProfile(res, user);
    })
    .delete(async (req, res) => {
      const { password } = parseBody(deleteAccountSchema, req);
      await deps.accounts.deleteAccount(req.principal!.user, password);
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'PATCH', 'DELETE'));

  // Snoozing answers with the profile as it now is (Content-Location: /me), so the state and the
  // wake template are at hand; a body may be left out altogether (snoozed until waking).
  router
    .route('/me/snooze')
    .all(deps.auth.required)
    .post(async (req, res) => {
      const { until } = noBody(req) ? { until: undefined } : parseBody(snoozeSchema, req);
      const user = await deps.snoozes.snooze(req.principal!.user, until);
      res.set('Content-Location', '/me');
      showProfile(res, user);
    })
    .delete(async (req, res) => {
      const user = await deps.snoozes.wake(req.principal!.user);
      res.set('Content-Location', '/me');
      showProfile(res, user);
    })
    .all(onlyMethods('POST', 'DELETE'));
  return router;
}
