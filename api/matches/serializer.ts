import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import type { PhotoService } from '../photos/service.js';
import { serializePerson } from '../people/cards.js';
import type { MatchView } from './service.js';
import { safetyTemplates } from '../blocks/serializer.js';
import { encodeCursor, type Cursor } from './paging.js';

/** The match's user, as the match embeds it and as its `user` link serves it. */
export async function serializeMatchUser(view: MatchView, viewer: User, photos: PhotoService, links: HalDocument['_links'] = {}): Promise<HalDocument> {
  const self = `/matches/${view.match.id}`;
  const user = await serializePerson(view.other, viewer, photos, { self: { href: `${self}/user` }, ...links });
  return { ...user, _templates: safetyTemplates(view.other.user.username) };
}
import { suggestFirstLine } from '../people/suggestion.js';

export const previewOf = (body: string) => {
  const line = body.split('\n')[0]!;
  return line.length > 80 || body.includes('\n') ? `${line.slice(0, 79)}…` : line;
};

/** `{ suggestion }` while the conversation is empty and there is something to say; else nothing. */
export function suggestionFor(view: MatchView, viewer: User): { suggestion?: string } {
  const suggestion = view.last ? undefined : suggestFirstLine(viewer, view.other.user);
  return suggestion === undefined ? {} : { suggestion };
}

export async function serializeMatch(view: MatchView, viewer: User, photos: PhotoService): Promise<HalDocument> {
  const self = `/matches/${view.match.id}`;
  const user = await serializeMatchUser(view, viewer, photos);
  return {
    id: view.match.id,
    createdAt: view.match.createdAt.toISOString(),
    username: view.other.user.username,
    unread: view.unread,
    // A preview, not the conversation: the first line, at most 80 characters.
    lastMessage: view.last ? { from: view.last.from, sentAt: view.last.sentAt.toISOString(), preview: previewOf(view.last.body) } : null,
    // While nobody has written yet: a first line to offer the viewer (never sent by itself).
    ...suggestionFor(view, viewer),
    _links: { self: { href: self }, user: { href: `${self}/user` }, messages: { href: `${self}/messages` } },
    _embedded: { user },
    _templates: { unmatch: template(`Unmatch ${view.other.user.username}`, 'DELETE', self), ...safetyTemplates(view.other.user.username) },
  };
}

/** `next` (older) and `prev` (newer) links of a paged list of matches (paging.ts). */
export function pageLinks(base: string, limit: number | undefined, page: { next?: Cursor; prev?: Cursor }): HalDocument['_links'] {
  const href = (c: Cursor) => `${base}?${limit === undefined ? '' : `limit=${limit}&`}after=${encodeCursor(c)}`;
  return { ...(page.next ? { next: { href: href(page.next) } } : {}), ...(page.prev ? { prev: { href: href(page.prev) } } : {}) };
}

export async function serializeMatches(
  list: MatchView[],
  viewer: User,
  photos: PhotoService,
  request: { self: string; limit?: number; next?: Cursor; prev?: Cursor } = { self: '/matches' },
): Promise<HalDocument> {
  return {
    count: list.length,
    _links: { self: { href: request.self }, ...pageLinks('/matches', request.limit, request) },
    _embedded: { matches: await Promise.all(list.map((view) => serializeMatch(view, viewer, photos))) },
  };
}
