import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import type { BlockService } from './service.js';
import type { ReportService } from './report.js';
import { blocksQuerySchema, reportSchema } from './schemas.js';
import { blockPath, reportPath, serializeBlock, serializeBlocks, serializeReport } from './serializer.js';

export function blocksRouter(deps: { auth: Authenticators; blocks: BlockService; reports: ReportService }): Router {
  const { blocks, reports } = deps;
  const router = Router();

  router
    .route('/me/blocks')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const query = parseQuery(blocksQuerySchema, req);
      sendHal(res, 200, serializeBlocks(await blocks.list(req.principal!.user, query.after), query.after));
    })
    .all(onlyMethods('GET'));

  router
    .route('/me/blocks/:username')
    .all(deps.auth.required)
    .get(async (req, res) => {
      sendHal(res, 200, serializeBlock(await blocks.one(req.principal!.user, String(req.params.username))));
    })
    // Idempotent: 201 the first time, 200 when they were blocked already.
    .put(async (req, res) => {
      const viewer = req.principal!.user;
      const done = await blocks.block(viewer, String(req.params.username));
      if (done.created) res.location(blockPath(done.username));
      sendHal(res, done.created ? 201 : 200, serializeBlock(await blocks.one(viewer, done.username)));
    })
    .delete(async (req, res) => {
      await blocks.unblock(req.principal!.user, String(req.params.username));
      res.status(204).end();
    })
    .all(onlyMethods('GET', 'PUT', 'DELETE'));

  router
    .route('/me/blocks/:username/report')
    .all(deps.auth.required)
    .post(async (req, res) => {
      const input = parseBody(reportSchema, req);
      const report = await reports.report(req.principal!.user, String(req.params.username), input);
      res.location(reportPath(report.id));
      sendHal(res, 201, serializeReport(report));
    })
    .all(onlyMethods('POST'));

  router
    .route('/me/reports/:id')
    .all(deps.auth.required)
    .get(async (req, res) => {
      sendHal(res, 200, serializeReport(await reports.mine(req.principal!.user, String(req.params.id))));
    })
    .all(onlyMethods('GET'));

  return router;
}
