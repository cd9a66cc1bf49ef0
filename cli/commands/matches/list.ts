import type { Context } from '../../context.js';
import { hrefOf, type HalClient } from '../../hal-client.js';
import { embeddedList, linkOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { personJson, personLine } from '../discover/card.js';

export function matchesOf(collection: HalDocument): HalDocument[] {
  return embeddedList(collection, 'matches');
}

/**
 * The matches list page by page, following `next` (an older API without paging is one page); stops
 * when the caller does, or — the request in flight with it — when `signal` aborts.
 */
export async function* matchPages(client: HalClient, root: HalDocument, signal?: AbortSignal): AsyncGenerator<HalDocument> {
  for (let page: HalDocument | undefined = await client.get(hrefOf(root, 'matches'), signal); page; ) {
    yield page;
    signal?.throwIfAborted();
    const next = linkOf(page, 'next');
    page = next ? await client.get(next.href, signal) : undefined;
  }
}

/** Every match, every page. */
export async function allMatches(client: HalClient, root: HalDocument, signal?: AbortSignal): Promise<HalDocument[]> {
  const all: HalDocument[] = [];
  for await (const page of matchPages(client, root, signal)) all.push(...matchesOf(page));
  return all;
}

/** The match with this username (any case), looked for page by page; undefined when there is none. */
export async function findMatch(client: HalClient, root: HalDocument, username: string): Promise<HalDocument | undefined> {
  const name = username.trim().toLowerCase();
  for await (const page of matchPages(client, root)) {
    const match = matchesOf(page).find((m) => String(m.username).toLowerCase() === name);
    if (match) return match;
  }
  return undefined;
}

export function userOf(match: HalDocument): HalDocument {
  const user = match._embedded?.user;
  return (Array.isArray(user) ? user[0] : user) ?? { username: match.username };
}

export async function matches(ctx: Context): Promise<void> {
  const list = await withProgress(ctx, 'Loading your matches…', async () => {
    const { client, root } = await openSession(ctx);
    return allMatches(client, root);
  });
  if (ctx.json) {
    return ctx.printJson({
      count: list.length,
      matches: list.map((m) => ({ id: m.id, username: m.username, createdAt: m.createdAt, unread: m.unread, lastMessage: m.lastMessage, user: personJson(userOf(m)) })),
    });
  }
  if (list.length === 0) {
    ctx.say('No matches yet. Find people with `friender swipe` (or `friender candidates` and `friender like <username>`).');
    return;
  }
  for (const match of list) {
    const unread = Number(match.unread ?? 0);
    const last = match.lastMessage as { from: string; preview: string } | null | undefined;
    // One line per match stays greppable; the last message is cut short to keep it one line.
    const said = last ? `   ${last.from}: ${[...last.preview].length > 40 ? `${[...last.preview].slice(0, 39).join('')}…` : last.preview}` : '';
    ctx.out(`${personLine(userOf(match))}   matched ${String(match.createdAt).slice(0, 10)}${unread ? `   ${unread} unread` : ''}${said}`);
  }
}
