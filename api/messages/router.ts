import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { problems } from '../http/problems.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import { pageQuerySchema, sendSchema } from './schemas.js';
import type { MessageService } from './service.js';
import type { MatchService } from '../matches/service.js';
import { suggestionFor } from '../matches/serializer.js';
import { messagePath, serializeMessage, serializeMessagePage } from './serializer.js';

export function messagesRouter(deps: { auth: Authenticators; messages: MessageService; matches: MatchService; draining: AbortSignal }): Router {
  const { messages } = deps;
  const router = Router();
  router
    .route('/matches/:id/messages')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const { after, before, wait } = parseQuery(pageQuerySchema, req);
      if (after !== undefined && before !== undefined) throw problems.validation([{ field: 'before', message: 'cannot be used with after' }]);
      const viewer = req.principal!.user;
      const matchId = String(req.params.id);
      let list;
      let readUpTo: number | undefined;
      let extra: { suggestion?: string; readUpTo?: number } = {};
      if (after === undefined) {
        list = await messages.page(viewer, matchId, before);
        // The first page of a conversation nobody has begun: the same suggestion as the match's.
        if (list.length === 0 && before === undefined) extra = suggestionFor(await deps.matches.view(viewer, matchId), viewer);
        readUpTo = await messages.readUpTo(viewer, matchId);
      } else {
        // A client that goes away frees its waiter at once. A server that is stopping answers at
        // once too, with what there is (often an empty page): the client follows `next` elsewhere.
        const gone = new AbortController();
        // Only a client that left before its answer: aborting after one is sent is pure cost (profiled).
        res.on('close', () => {
          if (!res.writableFinished) gone.abort();
        });
        const stop = AbortSignal.any([gone.signal, deps.draining]);
        list = await messages.poll(viewer, matchId, after, wait ?? messages.settings.defaultWaitSeconds, stop);
        if (gone.signal.aborted) return;
        readUpTo = list.readUpTo;
      }
      // Where the other side has read up to (only while both have read receipts on).
      if (readUpTo !== undefined) extra = { ...extra, readUpTo };
      sendHal(res, 200, serializeMessagePage(matchId, list, viewer, { self: req.originalUrl, after, full: list.length >= messages.settings.pageSize }, extra));
    })
    .post(async (req, res) => {
      const { body } = parseBody(sendSchema, req);
      const viewer = req.principal!.user;
      const message = await messages.send(viewer, String(req.params.id), body);
      res.location(messagePath(String(req.params.id), message.id));
      sendHal(res, 201, serializeMessage(String(req.params.id), message, viewer));
    })
    .all(onlyMethods('GET', 'POST'));
  router
    .route('/matches/:id/messages/:messageId')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const matchId = String(req.params.id);
      const viewer = req.principal!.user;
      sendHal(res, 200, serializeMessage(matchId, await messages.one(viewer, matchId, String(req.params.messageId)), viewer));
    })
    .all(onlyMethods('GET'));
  return router;
}
