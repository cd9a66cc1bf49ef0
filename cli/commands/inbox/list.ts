import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { embeddedList, linkOf, type HalDocument } from '../../hal.js';
import type { Paint } from '../../paint.js';
import { painter } from '../../paint.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { clean, preview } from '../watch/format.js';
import { inboxOf, type Getter } from './events.js';

export const DEFAULT_LIMIT = 50;

export function conversationsOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'conversations');
}

/** Up to `limit` conversations from the inbox, following `next` (older) pages while more are wanted. */
export async function collect(client: Getter, inbox: HalDocument, limit: number): Promise<HalDocument[]> {
  const all = [...conversationsOf(inbox)];
  let page = inbox;
  const seen = new Set(all.map((c) => String(c.id)));
  for (let next = linkOf(page, 'next'); next && all.length < limit; next = linkOf(page, 'next')) {
    page = await client.get(next.href);
    // Activity between pages can move a conversation onto a later page: it is listed once.
    for (const c of conversationsOf(page)) {
      if (seen.has(String(c.id))) continue;
      seen.add(String(c.id));
      all.push(c);
    }
  }
  return ordered(all.slice(0, limit));
}

/** Unread first, then newest activity (the API's own order, kept within each group). */
export function ordered(list: HalDocument[]): HalDocument[] {
  const unread = (c: HalDocument) => Number(c.unread ?? 0) > 0;
  return [...list.filter(unread), ...list.filter((c) => !unread(c))];
}

/** "now", "5m", "3h", "2d", or the date for anything older than a week. */
export function ago(iso: unknown, now: number): string {
  const when = new Date(String(iso)).getTime();
  if (Number.isNaN(when)) return '';
  const minutes = Math.floor(Math.max(0, now - when) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h`;
  if (minutes < 7 * 24 * 60) return `${Math.floor(minutes / (24 * 60))}d`;
  return new Date(when).toISOString().slice(0, 10);
}

interface LastMessage {
  from?: string;
  sentAt?: string;
  preview?: string;
}

/** "ben, 31        2 unread  ben: coffee on saturday?        5m": one line per conversation, greppable. */
export function conversationLine(c: HalDocument, paint: Paint, now: number): string {
  const name = `${clean(c.username)}${typeof c.age === 'number' ? `, ${c.age}` : ''}`.padEnd(20);
  const unread = Number(c.unread ?? 0);
  const count = (unread ? `${unread} unread` : '').padEnd(10);
  const last = c.lastMessage as LastMessage | null | undefined;
  const said = last ? `${clean(last.from)}: ${preview(last.preview, 40)}` : paint.dim('no messages yet');
  const when = ago(last?.sentAt ?? c.lastActivityAt, now);
  const line = `${name} ${count} ${said}${when ? `  ${paint.dim(when)}` : ''}`;
  return unread ? paint.bold(line) : line;
}

export function conversationJson(c: HalDocument): Record<string, unknown> {
  return {
    id: c.id,
    username: c.username,
    age: c.age ?? null,
    unread: c.unread ?? 0,
    lastMessage: c.lastMessage ?? null,
    lastActivityAt: c.lastActivityAt ?? null,
    thumbnail: linkOf(c, 'thumbnail')?.href ?? null,
  };
}

export interface InboxOptions {
  limit?: string;
}

export function limitOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError(`--limit: "${raw}" is not a whole number from 1 to 1000.`);
  return n;
}

/** `friender inbox`: your conversations, unread first; on a terminal it stays live (see live.ts). */
export async function inbox(ctx: Context, opts: InboxOptions): Promise<void> {
  const limit = limitOf(opts.limit);
  const { client, root } = await openSession(ctx);
  const first = await withProgress(ctx, 'Loading your inbox…', () => inboxOf(client, root));
  if (!ctx.json && ctx.interactive && ctx.io.isStdoutTTY && !ctx.dumb) {
    const { liveInbox } = await import('./live.js');
    return liveInbox(ctx, client, root, first, limit);
  }
  const list = await collect(client, first, limit);
  if (ctx.json) return ctx.printJson({ count: list.length, conversations: list.map(conversationJson) });
  if (list.length === 0) {
    ctx.say('No conversations yet: they start with a match. Find people with `friender swipe`.');
    return;
  }
  const paint = await painter(ctx.colorOut);
  const now = Date.now();
  for (const c of list) ctx.out(conversationLine(c, paint, now));
}
