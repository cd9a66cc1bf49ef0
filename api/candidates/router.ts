import { Router } from 'express';
import { onlyMethods } from '../http/errors.js';
import { sendHal } from '../http/hal.js';
import { problems } from '../http/problems.js';
import { parseQuery } from '../http/validate.js';
import type { Authenticators } from '../auth/tokens.js';
import type { PhotoService } from '../photos/service.js';
import type { AnswerService } from './answers.js';
import { candidatesQuerySchema, decodeCursor, DEFAULT_PAGE } from './schemas.js';
import type { CandidateService } from './service.js';
import { answerPath, serializeAnswer, serializeUndone, serializeCandidate, serializeCandidatePage, candidatePath } from './serializer.js';
import { cardPhoto, serializeCardPhoto } from '../people/cards.js';

export function candidatesRouter(deps: { auth: Authenticators; candidates: CandidateService; answers: AnswerService; photos: PhotoService }): Router {
  const { candidates, answers, photos } = deps;
  const router = Router();

  router
    .route('/candidates')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const query = parseQuery(candidatesQuerySchema, req);
      const limit = query.limit ?? DEFAULT_PAGE;
      const after = query.after === undefined ? undefined : decodeCursor(query.after);
      if (query.after !== undefined && !after) throw problems.validation([{ field: 'after', message: 'is not a cursor this API gave out; follow the next link' }]);
      const viewer = req.principal!.user;
      const page = await candidates.page(viewer, limit, after);
      sendHal(res, 200, await serializeCandidatePage(page, viewer, photos, { limit, after }, await answers.undoable(viewer)));
    })
    .all(onlyMethods('GET'));

  router
    .route('/candidates/:username')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      sendHal(res, 200, await serializeCandidate(await candidates.one(viewer, String(req.params.username)), viewer, photos));
    })
    .all(onlyMethods('GET'));

  router
    .route('/candidates/:username/photos/:photoId')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const person = await candidates.one(req.principal!.user, String(req.params.username));
      const photo = cardPhoto(person, String(req.params.photoId));
      sendHal(res, 200, serializeCardPhoto(photo, await photos.urls(photo), candidatePath(person.user.username)));
    })
    .all(onlyMethods('GET'));

  for (const [verb, liked] of [['like', true], ['pass', false]] as const) {
    router
      .route(`/candidates/:username/${verb}`)
      .all(deps.auth.required)
      .post(async (req, res) => {
        const viewer = req.principal!.user;
        const answer = await answers.answer(viewer, String(req.params.username), liked);
        if (answer.created) res.location(answerPath(answer.username));
        // A new pass knows from its own INSERT whether it can be taken back; a repeated one asks.
        const undo = liked ? undefined : answer.created ? answer.undoable : await answers.undoable(viewer);
        sendHal(res, answer.created ? 201 : 200, serializeAnswer(answer, undo));
      })
      .all(onlyMethods('POST'));
  }

  // The answer a like or pass made, for as long as it stands; the latest pass can be taken back for a while (undo).
  router
    .route('/answers/:username')
    .all(deps.auth.required)
    .get(async (req, res) => {
      const viewer = req.principal!.user;
      const answer = await answers.given(viewer, String(req.params.username));
      sendHal(res, 200, serializeAnswer(answer, answer.liked ? undefined : await answers.undoable(viewer)));
    })
    .delete(async (req, res) => {
      const { username } = await answers.undo(req.principal!.user, String(req.params.username));
      sendHal(res, 200, serializeUndone(username));
    })
    .all(onlyMethods('GET', 'DELETE'));
  return router;
}
