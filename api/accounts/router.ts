import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { parseBody } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import { loginSchema, signupSchema } from './schemas.js';
import type { AccountService } from './service.js';
import { serializeIssued, serializeSession, SESSION_PATH } from './serializer.js';

export function accountsRouter(deps: { auth: Authenticators; accounts: AccountService }): Router {
  const router = Router();
  router
    .route('/accounts')
    .post(async (req, res) => {
      const issued = await deps.accounts.signup(parseBody(signupSchema, req), req.ip ?? 'unknown');
      res.location('/me');
      sendHal(res, 201, serializeIssued(issued));
    })
    .all(onlyMethods('POST'));
  router
    .route('/sessions')
    .post(async (req, res) => {
      const issued = await deps.accounts.login(parseBody(loginSchema, req), req.ip ?? 'unknown');
      // The login made is the current session of whoever holds the token.
      res.location(SESSION_PATH);
      sendHal(res, 201, serializeIssued(issued));
    })
    .all(onlyMethods('POST'));
  router
    .route(SESSION_PATH)
    .get(deps.auth.required, (req, res) => {
      sendHal(res, 200, serializeSession(req.principal!));
    })
    .delete(deps.auth.required, async (req, res) => {
      await deps.accounts.logout(req.principal!.user.id, req.principal!.sessionId);
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'DELETE'));
  return router;
}
