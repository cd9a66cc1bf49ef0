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

export function profileRouter(deps: { auth: Authenticators; profiles: ProfileService; accounts: AccountService }): Router {
  const router = Router();
  router
    .route('/me')
    .all(deps.auth.required)
    .get((req, res) => {
      sendHal(res, 200, serializeProfile(req.principal!.user));
    })
    .patch(async (req, res) => {
      const edit = parseBody(profileEditSchema, req);
      const user = await deps.profiles.update(req.principal!.user, edit);
      sendHal(res, 200, serializeProfile(user));
    })
    .delete(async (req, res) => {
      const { password } = parseBody(deleteAccountSchema, req);
      await deps.accounts.deleteAccount(req.principal!.user, password);
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'PATCH', 'DELETE'));
  return router;
}
