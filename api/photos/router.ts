import { Router } from 'express';
import type { Photo } from '../db/models.js';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { parseBody } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import { readPhotos } from './multipart.js';
import type { PhotoService } from './service.js';
import { moveSchema, serializePhoto, serializePhotos } from './serializer.js';

export function photosRouter(deps: { auth: Authenticators; photos: PhotoService }): Router {
  const { photos } = deps;
  const router = Router();
  const collection = async (list: Photo[]) =>
    serializePhotos(await Promise.all(list.map(async (photo) => ({ photo, urls: await photos.urls(photo) }))), photos.settings);

  router
    .route('/me/photos')
    .all(deps.auth.required)
    .get(async (req, res) => {
      sendHal(res, 200, await collection(await photos.list(req.principal!.user.id)));
    })
    .post(async (req, res) => {
      // A place is taken before the body is read, so uploads past the queue cost no memory.
      const upload = await photos.begin(req.principal!.user);
      try {
        let added = 0;
        await readPhotos(req, { maxBytes: photos.settings.maxBytes, maxFiles: photos.settings.maxPhotos }, (file) => {
          added += 1;
          return upload.add(file);
        });
        const list = await upload.finish();
        // The new photos are the last ones; an upload of several is located by the first of them.
        // The body is the whole collection as it is now, and says so.
        res.location(`/me/photos/${list[list.length - added]!.id}`).set('Content-Location', '/me/photos');
        sendHal(res, 201, await collection(list));
      } finally {
        upload.end();
      }
    })
    .all(onlyMethods('GET', 'POST'));

  router
    .route('/me/photos/:id')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const photo = await photos.find(req.principal!.user.id, String(req.params.id));
      const count = (await photos.list(req.principal!.user.id)).length;
      sendHal(res, 200, serializePhoto(photo, await photos.urls(photo), count));
    })
    .delete(async (req, res) => {
      await photos.remove(req.principal!.user, String(req.params.id));
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'DELETE'));

  router
    .route('/me/photos/:id/position')
    .all(deps.auth.required)
    .post(async (req, res) => {
      const { position } = parseBody(moveSchema(photos.settings.maxPhotos), req);
      sendHal(res, 200, await collection(await photos.move(req.principal!.user, String(req.params.id), position)));
    })
    .all(onlyMethods('POST'));
  return router;
}
