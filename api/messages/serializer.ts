import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import type { Message } from './service.js';
import { sendSchema } from './schemas.js';

export const messagePath = (matchId: string, id: number) => `/matches/${matchId}/messages/${id}`;

export function serializeMessage(matchId: string, message: Message, viewer: User): HalDocument {
  return {
    id: message.id,
    body: message.body,
    sentAt: message.sentAt.toISOString(),
    from: message.from,
    mine: message.senderId === viewer.id,
    _links: { self: { href: messagePath(matchId, message.id) } },
  };
}

/**
 * A page of messages, oldest first. `next` asks for what comes after the newest one here (or
 * after the cursor this page was asked with, when it is empty): following it waits for news.
 */
export function serializeMessagePage(
  matchId: string,
  list: Message[],
  viewer: User,
  request: { self: string; after?: number; full?: boolean },
  extra: { suggestion?: string; readUpTo?: number } = {},
): HalDocument {
  const base = `/matches/${matchId}/messages`;
  const newest = list.length ? list[list.length - 1]!.id : (request.after ?? 0);
  const oldest = list[0]?.id;
  return {
    count: list.length,
    ...extra,
    _links: {
      self: { href: request.self },
      next: { href: `${base}?after=${newest}` },
      // A full page may have older messages before it; a short one is the start of the conversation.
      ...(request.after === undefined && request.full && oldest !== undefined ? { earlier: { href: `${base}?before=${oldest}` } } : {}),
      match: { href: `/matches/${matchId}` },
    },
    _embedded: { messages: list.map((m) => serializeMessage(matchId, m, viewer)) },
    _templates: { send: template('Send a message', 'POST', base, sendSchema) },
  };
}
