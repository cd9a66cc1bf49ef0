import { Router } from 'express';
import { z } from 'zod';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { parseQuery } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import type { PhotoService } from '../photos/service.js';
import type { MatchService } from '../matches/service.js';
import { DEFAULT_LIMIT, pagingQuerySchema } from '../matches/paging.js';
import { waitQuery } from '../messages/schemas.js';
import type { InboxService } from './service.js';
import { serializeEvents, serializeInbox } from './serializer.js';

export const eventsQuerySchema = z.strictObject({
  // Up to 15 digits: exact as a JavaScript number, so a cursor comes back as it went.
  after: z.string().regex(/^\d{1,15}$/, 'must be an event seq from a link').transform(Number).optional(),
  wait: waitQuery,
});

export function inboxRouter(deps: { auth: Authenticators; inbox: InboxService; matches: MatchService; photos: PhotoService; draining: AbortSignal }): Router {
  const { inbox, photos } = deps;
  const router = Router();
  router
    .route('/inbox')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const { limit, after } = parseQuery(pagingQuerySchema, req);
      const viewer = req.principal!.user;
      // The seq before the conversations are read: whatever happens after it is in `events`.
      const newestSeq = await inbox.newest(viewer);
      const page = await deps.matches.page(viewer, limit ?? DEFAULT_LIMIT, after);
      sendHal(res, 200, await serializeInbox(page.views, photos, { self: req.originalUrl, limit, next: page.next, prev: page.prev, newestSeq }));
    })
    .all(onlyMethods('GET'));
  router
    .route('/inbox/events')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const query = parseQuery(eventsQuerySchema, req);
      const viewer = req.principal!.user;
      // As the messages poll: a client that goes away frees its place at once; a stopping server answers at once.
      const gone = new AbortController();
      // Only a client that left before its answer: aborting after one is sent is pure cost (profiled).
      res.on('close', () => {
        if (!res.writableFinished) gone.abort();
      });
      const stop = AbortSignal.any([gone.signal, deps.draining]);
      const found = await inbox.poll(viewer, query.after, query.wait ?? 25, stop);
      if (gone.signal.aborted) return;
      sendHal(res, 200, await serializeEvents(found.events, found.next, viewer, photos, req.originalUrl));
    })
    .all(onlyMethods('GET'));
  return router;
}
