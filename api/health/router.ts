import { Router } from 'express';
import { onlyMethods, problemJson } from '../http/errors.js';
import { HttpProblem } from '../http/problems.js';
import { sendHal } from '../http/hal.js';
import type { HealthService } from './service.js';

const RETRY_AFTER_SECONDS = 5;

/**
 * GET /health: readiness (200 when the database and photo storage both answer, else 503 naming
 * what is down). GET /health/live: liveness (200 while the process serves). No login needed.
 */
export function healthRouter(deps: { health: HealthService }): Router {
  const router = Router();
  router
    .route('/health')
    .get(async (_req, res) => {
      const { ready, database, storage } = await deps.health.check();
      if (ready) {
        sendHal(res, 200, { status: 'ok', database, storage, _links: { self: { href: '/health' }, live: { href: '/health/live' } } });
        return;
      }
      const down = [database === 'down' && 'the database', storage === 'down' && 'photo storage'].filter(Boolean).join(' and ');
      // Rendered here, not thrown: the service logs each change once, the renderer would log every probe.
      const notReady = new HttpProblem(503, 'unavailable', 'Not ready', `Cannot reach ${down} right now.`, {
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
        members: { database, storage },
      });
      res.status(503).set(notReady.headers).type('application/problem+json').send(problemJson(notReady));
    })
    .all(onlyMethods('GET'));
  router
    .route('/health/live')
    .get((_req, res) => {
      sendHal(res, 200, { status: 'ok', _links: { self: { href: '/health/live' }, ready: { href: '/health' } } });
    })
    .all(onlyMethods('GET'));
  return router;
}
