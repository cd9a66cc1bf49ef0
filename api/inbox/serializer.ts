import type { User } from '../db/models.js';
import type { HalDocument } from '../http/hal.js';
import type { PhotoService } from '../photos/service.js';
import type { MatchView } from '../matches/service.js';
import { pageLinks, previewOf, serializeMatch } from '../matches/serializer.js';
import type { Cursor } from '../matches/paging.js';
import type { InboxEvent } from './service.js';
import { messagePath } from '../messages/serializer.js';

export const eventsPath = (after: number) => `/inbox/events?after=${after}`;

/** One conversation: who, how many unread, the last message's preview, links to the match and its messages. */
async function serializeConversation(view: MatchView, photos: PhotoService): Promise<HalDocument> {
  const self = `/matches/${view.match.id}`;
  const photo = view.other.photos[0];
  return {
    id: view.match.id,
    username: view.other.user.username,
    age: view.other.age,
    unread: view.unread,
    lastMessage: view.last ? { from: view.last.from, sentAt: view.last.sentAt.toISOString(), preview: previewOf(view.last.body) } : null,
    lastActivityAt: view.match.lastActivityAt.toISOString(),
    _links: {
      self: { href: self },
      match: { href: self },
      messages: { href: `${self}/messages` },
      ...(photo ? { thumbnail: { href: (await photos.urls(photo)).thumbnail } } : {}),
    },
  };
}

export async function serializeInbox(
  list: MatchView[],
  photos: PhotoService,
  request: { self: string; limit?: number; next?: Cursor; prev?: Cursor; newestSeq: number },
): Promise<HalDocument> {
  return {
    count: list.length,
    _links: { self: { href: request.self }, ...pageLinks('/inbox', request.limit, request), events: { href: eventsPath(request.newestSeq) } },
    _embedded: { conversations: await Promise.all(list.map((view) => serializeConversation(view, photos))) },
  };
}

async function serializeEvent(event: InboxEvent, viewer: User, photos: PhotoService): Promise<HalDocument> {
  const match = `/matches/${event.matchId}`;
  const embedded: Record<string, HalDocument> = {};
  if (event.message) {
    const m = event.message;
    embedded.message = { id: m.id, from: m.from, mine: m.senderId === viewer.id, body: m.body, sentAt: m.sentAt.toISOString(), _links: { self: { href: messagePath(event.matchId, m.id) } } };
  }
  if (event.match) embedded.match = await serializeMatch(event.match, viewer, photos);
  return {
    seq: event.seq,
    type: event.type,
    at: event.at.toISOString(),
    matchId: event.matchId,
    ...(event.readUpTo !== undefined ? { readUpTo: event.readUpTo } : {}),
    _links: { match: { href: match }, ...(event.type === 'unmatch' ? {} : { messages: { href: `${match}/messages` } }) },
    ...(Object.keys(embedded).length ? { _embedded: embedded } : {}),
  };
}

export async function serializeEvents(events: InboxEvent[], next: number, viewer: User, photos: PhotoService, self: string): Promise<HalDocument> {
  return {
    count: events.length,
    _links: { self: { href: self }, next: { href: eventsPath(next) } },
    _embedded: { events: await Promise.all(events.map((e) => serializeEvent(e, viewer, photos))) },
  };
}
