import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { negotiate } from '../http/negotiate.js';
import type { PhotoSettings } from '../photos/service.js';
import { OPENAPI_PATH, OPENAPI_TYPES, openApiDocument } from './document.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

/** GET /openapi.json: the service description the root links to as service-desc. */
export function openApiRouter(deps: { photos: PhotoSettings }): Router {
  // Built once: it only changes with the code and the settings.
  const body = JSON.stringify(openApiDocument(deps.photos, version));
  const router = Router();
  router
    .route(OPENAPI_PATH)
    .get(negotiate(OPENAPI_TYPES), (_req, res) => {
      res.type(res.locals.mediaType === 'application/json' ? 'application/json' : 'application/vnd.oai.openapi+json;version=3.1').send(body);
    })
    .all(onlyMethods('GET'));
  return router;
}
