import type { z } from 'zod';
import { deleteAccountSchema, loginSchema, signupSchema } from '../accounts/schemas.js';
import { profileEditSchema } from '../profile/schemas.js';
import { snoozeSchema } from '../profile/snooze.js';
import { candidatesQuerySchema } from '../candidates/schemas.js';
import { pageQuerySchema, sendSchema } from '../messages/schemas.js';
import { moveSchema } from '../photos/serializer.js';
import type { PhotoSettings } from '../photos/service.js';
import { ACCEPTED } from '../photos/image.js';
import { reportsQuerySchema, resolveSchema } from '../reports/schemas.js';
import { blocksQuerySchema, reportSchema } from '../blocks/schemas.js';
import type { JsonSchema } from './schema.js';
import { pagingQuerySchema } from '../matches/paging.js';
import { eventsQuerySchema } from '../inbox/router.js';

/** One route as the description tells it; the test checks each against what the route answers to OPTIONS. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  /** 'required': a Bearer token; 'optional': the answer depends on whether one is sent; absent: none read. */
  login?: 'required' | 'optional';
  body?: z.ZodType;
  multipart?: JsonSchema;
  query?: z.ZodObject;
  ifMatch?: boolean;
  /** The status of a success, and what it is. */
  ok: [number, string];
  /** What the success is sent as, when not HAL. */
  produces?: string[];
  /** Problems worth naming besides the ones every request may meet. */
  problems?: number[];
  /** Response headers worth naming on the success. */
  headers?: Array<'Location' | 'ETag' | 'Link'>;
}

const UUID = { type: 'string', format: 'uuid' };
export const PARAMETERS: Record<string, JsonSchema> = {
  username: { type: 'string', pattern: '^[a-z0-9_]{3,30}$' },
  id: UUID,
  photoId: UUID,
  messageId: { type: 'string', pattern: '^[0-9]{1,15}$' },
  slug: { type: 'string', pattern: '^[a-z-]+$' },
};

export function operations(photos: PhotoSettings): Operation[] {
  const upload: JsonSchema = {
    type: 'object',
    required: ['photo'],
    properties: { photo: { type: 'array', minItems: 1, maxItems: photos.maxPhotos, items: { type: 'string', contentMediaType: ACCEPTED.join(', '), description: `at most ${photos.maxBytes} bytes each` } } },
  };
  return [
    { method: 'get', path: '/', summary: 'The root: what this client may do now', login: 'optional', ok: [200, 'Links and templates for an anonymous or a logged-in client'], headers: ['Link'] },
    { method: 'get', path: '/openapi.json', summary: 'This description', ok: [200, 'OpenAPI 3.1'], produces: ['application/vnd.oai.openapi+json', 'application/json'] },
    { method: 'get', path: '/problems/{slug}', summary: 'What a problem type means', ok: [200, 'A short page'], produces: ['text/html', 'text/plain'], problems: [404] },
    { method: 'post', path: '/accounts', summary: 'Sign up (the signup template)', body: signupSchema, ok: [201, 'The account, logged in'], problems: [409, 422, 429], headers: ['Location'] },
    { method: 'post', path: '/sessions', summary: 'Log in (the login template)', body: loginSchema, ok: [201, 'A token'], problems: [401, 403, 422, 429], headers: ['Location'] },
    { method: 'get', path: '/sessions/current', summary: 'The login this token is', login: 'required', ok: [200, 'Whose login and until when'] },
    { method: 'delete', path: '/sessions/current', summary: 'Log out (the logout template)', login: 'required', ok: [204, 'This token no longer works'] },
    { method: 'get', path: '/me', summary: 'Your profile', login: 'required', ok: [200, 'The profile'], headers: ['ETag'] },
    { method: 'patch', path: '/me', summary: 'Edit your profile (the edit template)', login: 'required', body: profileEditSchema, ifMatch: true, ok: [200, 'The profile as saved'], problems: [409, 412, 422, 429], headers: ['ETag'] },
    { method: 'delete', path: '/me', summary: 'Delete your account (the delete template)', login: 'required', body: deleteAccountSchema, ok: [204, 'Deleted, with its photos and logins'], problems: [422, 429] },
    { method: 'post', path: '/me/snooze', summary: 'Snooze (the snooze template): no until is until you wake', login: 'required', body: snoozeSchema, ok: [200, 'The profile, snoozed'], problems: [422] },
    { method: 'delete', path: '/me/snooze', summary: 'Wake up (the wake template)', login: 'required', ok: [200, 'The profile, awake'] },
    { method: 'get', path: '/me/photos', summary: 'Your photos', login: 'required', ok: [200, 'The photos, in order'] },
    { method: 'post', path: '/me/photos', summary: 'Add photos (the upload template)', login: 'required', multipart: upload, ok: [201, 'The photos, in order'], problems: [409, 413, 415, 422], headers: ['Location'] },
    { method: 'get', path: '/me/photos/{photoId}', summary: 'One of your photos', login: 'required', ok: [200, 'The photo'], problems: [404] },
    { method: 'delete', path: '/me/photos/{photoId}', summary: 'Delete a photo (its delete template)', login: 'required', ok: [204, 'Deleted'], problems: [404] },
    { method: 'post', path: '/me/photos/{photoId}/position', summary: 'Move a photo (its move template)', login: 'required', body: moveSchema(photos.maxPhotos), ok: [200, 'The photos, in order'], problems: [404, 422] },
    { method: 'get', path: '/candidates', summary: 'People in reach, most in common first', login: 'required', query: candidatesQuerySchema, ok: [200, 'A page of candidates'], problems: [409, 422] },
    { method: 'get', path: '/candidates/{username}', summary: 'One candidate', login: 'required', ok: [200, 'The card'], problems: [404, 409] },
    { method: 'get', path: '/candidates/{username}/photos/{photoId}', summary: 'A photo on a candidate\'s card', login: 'required', ok: [200, 'The photo'], problems: [404, 409] },
    { method: 'post', path: '/candidates/{username}/like', summary: 'Like (the like template)', login: 'required', ok: [201, 'The answer (200 when it repeats one)'], problems: [404, 409], headers: ['Location'] },
    { method: 'post', path: '/candidates/{username}/pass', summary: 'Pass (the pass template)', login: 'required', ok: [201, 'The answer (200 when it repeats one)'], problems: [404, 409], headers: ['Location'] },
    { method: 'get', path: '/answers/{username}', summary: 'Your answer to someone', login: 'required', ok: [200, 'The answer, and the match it made'], problems: [404] },
    { method: 'delete', path: '/answers/{username}', summary: 'Take back your latest pass (the undo template)', login: 'required', ok: [200, 'Taken back: they may be shown again'], problems: [404, 409] },
    { method: 'get', path: '/matches', summary: 'Your matches, newest activity first, paged (next/prev)', login: 'required', query: pagingQuerySchema, ok: [200, 'A page of matches'], problems: [422] },
    { method: 'get', path: '/inbox', summary: 'Your conversations, newest activity first, paged (next/prev), with the events link', login: 'required', query: pagingQuerySchema, ok: [200, 'A page of conversations'], problems: [422] },
    { method: 'get', path: '/inbox/events', summary: 'What is new across all your matches after a seq; a long poll', login: 'required', query: eventsQuerySchema, ok: [200, 'Events, oldest first'], problems: [422, 429] },
    { method: 'get', path: '/matches/{id}', summary: 'One match', login: 'required', ok: [200, 'The match'], problems: [404] },
    { method: 'delete', path: '/matches/{id}', summary: 'Unmatch (the unmatch template)', login: 'required', ok: [204, 'Ended for both'], problems: [404] },
    { method: 'get', path: '/matches/{id}/user', summary: 'The other user\'s card', login: 'required', ok: [200, 'The card'], problems: [404] },
    { method: 'get', path: '/matches/{id}/user/photos/{photoId}', summary: 'A photo on the other user\'s card', login: 'required', ok: [200, 'The photo'], problems: [404] },
    { method: 'get', path: '/matches/{id}/messages', summary: 'A page of messages; with after, a long poll', login: 'required', query: pageQuerySchema, ok: [200, 'Messages, oldest first'], problems: [404, 422, 429] },
    { method: 'post', path: '/matches/{id}/messages', summary: 'Send a message (the send template)', login: 'required', body: sendSchema, ok: [201, 'The message'], problems: [404, 422, 429], headers: ['Location'] },
    { method: 'get', path: '/matches/{id}/messages/{messageId}', summary: 'One message', login: 'required', ok: [200, 'The message'], problems: [404] },
    { method: 'get', path: '/reports', summary: 'Open reports, oldest first (moderators)', login: 'required', query: reportsQuerySchema, ok: [200, 'A page of reports'], problems: [403, 422] },
    { method: 'get', path: '/reports/{id}', summary: 'One report (moderators)', login: 'required', ok: [200, 'The report, open or resolved'], problems: [403, 404] },
    { method: 'post', path: '/reports/{id}/dismiss', summary: 'Dismiss a report (its dismiss template)', login: 'required', body: resolveSchema, ok: [200, 'The report, resolved'], problems: [403, 404, 409, 422], headers: ['Location'] },
    { method: 'post', path: '/reports/{id}/suspend', summary: 'Suspend the reported account (its suspend template)', login: 'required', body: resolveSchema, ok: [200, 'The report, resolved with every other open one about the account'], problems: [403, 404, 409, 422], headers: ['Location'] },
    { method: 'get', path: '/me/blocks', summary: 'The people you blocked, by username', login: 'required', query: blocksQuerySchema, ok: [200, 'A page of blocks'], problems: [422] },
    { method: 'get', path: '/me/blocks/{username}', summary: 'One of your blocks', login: 'required', ok: [200, 'The block'], problems: [404] },
    { method: 'put', path: '/me/blocks/{username}', summary: 'Block someone (the block template)', login: 'required', ok: [201, 'The block (200 when they were blocked already)'], problems: [404], headers: ['Location'] },
    { method: 'delete', path: '/me/blocks/{username}', summary: 'Unblock (the unblock template); an ended match stays ended', login: 'required', ok: [204, 'Unblocked'], problems: [404] },
    { method: 'post', path: '/me/blocks/{username}/report', summary: 'Report and block someone (the report template)', login: 'required', body: reportSchema, ok: [201, 'The report, acknowledged'], problems: [404, 422, 429], headers: ['Location'] },
    { method: 'get', path: '/me/reports/{id}', summary: 'A report you made', login: 'required', ok: [200, 'The report as you wrote it'], problems: [404] },
  ];
}
