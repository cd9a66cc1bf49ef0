import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { problems } from '../http/problems.js';
import { parseBody, parseQuery } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import type { PhotoService } from '../photos/service.js';
import { decodeReportCursor, REPORTS_PAGE, reportsQuerySchema, resolveSchema } from './schemas.js';
import type { ReportService } from './service.js';
import { reportPath, REPORTS_PATH, serializeReport, serializeReportPage, serializeResolved } from './serializer.js';

/** Moderators' side of reports: the open ones, one report, and its two resolutions. Everyone else gets 403 moderators-only. */
export function reportsRouter(deps: { auth: Authenticators; reports: ReportService; photos: PhotoService }): Router {
  const { reports, photos } = deps;
  const router = Router();

  router
    .route(REPORTS_PATH)
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      // Who may look comes before what they asked: a non-moderator learns nothing from a bad query.
      reports.mustModerate(viewer);
      const query = parseQuery(reportsQuerySchema, req);
      const limit = query.limit ?? REPORTS_PAGE;
      const after = query.after === undefined ? undefined : decodeReportCursor(query.after);
      if (query.after !== undefined && !after) throw problems.validation([{ field: 'after', message: 'is not a cursor this API gave out; follow the next link' }]);
      const page = await reports.open(viewer, limit, after);
      sendHal(res, 200, await serializeReportPage(page, viewer, photos, { limit, after: query.after, defaultLimit: REPORTS_PAGE }));
    })
    .all(onlyMethods('GET'));

  router
    .route(`${REPORTS_PATH}/:id`)
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      sendHal(res, 200, await serializeReport(await reports.get(viewer, String(req.params.id)), viewer, photos));
    })
    .all(onlyMethods('GET'));

  for (const action of ['dismiss', 'suspend'] as const) {
    router
      .route(`${REPORTS_PATH}/:id/${action}`)
      .all(deps.auth.required)
      .post(async (req, res) => {
        const viewer = req.principal!.user;
        reports.mustModerate(viewer);
        const { note } = parseBody(resolveSchema, req);
        const resolved = await reports[action](viewer, String(req.params.id), note);
        res.location(reportPath(resolved.report.id));
        sendHal(res, 200, await serializeResolved(resolved, viewer, photos));
      })
      .all(onlyMethods('POST'));
  }

  return router;
}
