import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import type { Authenticators } from '../auth/tokens.js';
import type { PhotoService } from '../photos/service.js';
import { cardPhoto, serializeCardPhoto } from '../people/cards.js';
import type { MatchService } from './service.js';
import { DEFAULT_LIMIT, pagingQuerySchema } from './paging.js';
import { parseQuery } from '../http/validate.js';
import { serializeMatch, serializeMatches, serializeMatchUser } from './serializer.js';

export function matchesRouter(deps: { auth: Authenticators; matches: MatchService; photos: PhotoService }): Router {
  const { matches, photos } = deps;
  const router = Router();

  router
    .route('/matches')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const { limit, after } = parseQuery(pagingQuerySchema, req);
      const viewer = req.principal!.user;
      const page = await matches.page(viewer, limit ?? DEFAULT_LIMIT, after);
      sendHal(res, 200, await serializeMatches(page.views, viewer, photos, { self: req.originalUrl, limit, next: page.next, prev: page.prev }));
    })
    .all(onlyMethods('GET'));

  router
    .route('/matches/:id')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      sendHal(res, 200, await serializeMatch(await matches.view(viewer, String(req.params.id)), viewer, photos));
    })
    .delete(async (req, res) => {
      await matches.end(req.principal!.user, String(req.params.id));
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'DELETE'));

  router
    .route('/matches/:id/user')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      const view = await matches.view(viewer, String(req.params.id));
      sendHal(res, 200, await serializeMatchUser(view, viewer, photos, { match: { href: `/matches/${view.match.id}` } }));
    })
    .all(onlyMethods('GET'));

  router
    .route('/matches/:id/user/photos/:photoId')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const view = await matches.view(req.principal!.user, String(req.params.id));
      const photo = cardPhoto(view.other, String(req.params.photoId));
      sendHal(res, 200, serializeCardPhoto(photo, await photos.urls(photo), `/matches/${view.match.id}/user`));
    })
    .all(onlyMethods('GET'));

  return router;
}
