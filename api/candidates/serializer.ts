import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import type { PhotoService } from '../photos/service.js';
import { serializePerson, type Person } from '../people/cards.js';
import type { Answer } from './answers.js';
import { encodeCursor, type Cursor } from './schemas.js';
import { safetyTemplates } from '../blocks/serializer.js';
import type { Undoable } from './undo.js';

const undoTemplate = (username: string) => template(`Take back your pass on ${username}`, 'DELETE', answerPath(username));

export const candidatePath = (username: string) => `/candidates/${encodeURIComponent(username)}`;

export function serializeCandidate(person: Person, viewer: User, photos: PhotoService): Promise<HalDocument> {
  const self = candidatePath(person.user.username);
  return serializePerson(person, viewer, photos, { self: { href: self } }).then((doc) => ({
    ...doc,
    _templates: {
      like: template(`Like ${person.user.username}`, 'POST', `${self}/like`),
      pass: template(`Pass on ${person.user.username}`, 'POST', `${self}/pass`),
      ...safetyTemplates(person.user.username),
    },
  }));
}

const pageHref = (limit: number, after?: Cursor) => `/candidates?limit=${limit}${after ? `&after=${encodeCursor(after)}` : ''}`;

export async function serializeCandidatePage(
  page: { people: Person[]; next?: Cursor },
  viewer: User,
  photos: PhotoService,
  request: { limit: number; after?: Cursor },
  undo?: Undoable,
): Promise<HalDocument> {
  return {
    count: page.people.length,
    radius: viewer.friendRadius,
    _links: {
      self: { href: pageHref(request.limit, request.after) },
      ...(page.next ? { next: { href: pageHref(request.limit, page.next) } } : {}),
      // One candidate by name (RFC 6570), for clients that answer someone they already know of.
      candidate: { href: '/candidates/{username}', templated: true },
      // Your answer to someone by name: 404 until you gave one (someone answered is no candidate).
      answer: { href: '/answers/{username}', templated: true },
    },
    _embedded: { candidates: await Promise.all(page.people.map((p) => serializeCandidate(p, viewer, photos))) },
    // The last pass, while it can still be taken back.
    ...(undo ? { _templates: { undo: undoTemplate(undo.username) } } : {}),
  };
}

export const answerPath = (username: string) => `/answers/${encodeURIComponent(username)}`;

/** `undo`: the pass the viewer may take back now; the template shows only when it is this one. */
export function serializeAnswer(answer: Answer, undo?: Undoable): HalDocument {
  const undoable = !answer.liked && undo !== undefined && undo.username === answer.username;
  return {
    username: answer.username,
    answer: answer.liked ? 'like' : 'pass',
    matched: answer.match !== undefined,
    _links: { self: { href: answerPath(answer.username) }, candidates: { href: '/candidates' }, ...(answer.match ? { match: { href: `/matches/${answer.match.id}` } } : {}) },
    _templates: { block: safetyTemplates(answer.username).block, ...(undoable ? { undo: undoTemplate(answer.username) } : {}) },
  };
}

/** What an undo answers: whose pass was taken back; they are a candidate again if still in reach. */
export function serializeUndone(username: string): HalDocument {
  return { username, undone: 'pass', _links: { candidates: { href: '/candidates' } } };
}
