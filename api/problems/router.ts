import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { problems } from '../http/problems.js';
import { isProblemSlug } from '../http/problem-types.js';
import { problemHtml, problemText } from './page.js';

/** GET /problems/{slug}: what a problem's `type` URI resolves to, for a person reading it. */
export function problemsRouter(): Router {
  const router = Router();
  router
    .route('/problems/:slug')
    .get((req, res) => {
      const slug = String(req.params.slug);
      if (!isProblemSlug(slug)) throw problems.notFound('There is no such kind of problem.');
      // The same for everyone, and it only changes with a release.
      res.set('Cache-Control', 'public, max-age=3600');
      res.format({
        'text/html': () => res.send(problemHtml(slug)),
        'text/plain': () => res.send(problemText(slug)),
        default: () => {
          throw problems.notAcceptable(['text/html', 'text/plain']);
        },
      });
    })
    .all(onlyMethods('GET'));
  return router;
}
