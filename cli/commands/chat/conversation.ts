import type { Context } from '../../context.js';
import { ApiError, CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { embeddedList, linkOf, templateOf, type HalDocument } from '../../hal.js';
import type { Paint } from '../../paint.js';
import { openSession } from '../../session.js';
import { findMatch } from '../matches/list.js';

export interface Conversation {
  client: HalClient;
  match: HalDocument;
  username: string;
  /** The newest page of messages, oldest first. */
  page: HalDocument;
}

export function messagesOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'messages');
}

/** Root → matches → the match with username → its messages; or straight from a match's link (the inbox has it). */
export async function openConversation(ctx: Context, username: string, matchHref?: string): Promise<Conversation & { root: HalDocument }> {
  const { client, root } = await openSession(ctx);
  if (matchHref) {
    const match = await client.get(matchHref);
    return { client, root, match, username: String(match.username ?? username), page: await client.follow(match, 'messages') };
  }
  const match = await findMatch(client, root, username);
  if (!match) throw new CliError(`You have no match with ${username}.`, ['See your matches with `friender matches`.']);
  return { client, root, match, username: String(match.username), page: await client.follow(match, 'messages') };
}

/** Sends one message with the page's send template; the answer is the stored message. */
export async function sendMessage(client: HalClient, page: HalDocument, body: string): Promise<HalDocument> {
  const template = templateOf(page, 'send');
  if (!template) throw new CliError('The API offers no way to send a message here.');
  return (await client.submit(template, { body })).body as HalDocument;
}

export const isEnded = (err: unknown) => err instanceof ApiError && err.problem.status === 404;

/**
 * Follows `next` for as long as it is asked to: each answer comes when there is news (or
 * after the server's wait, empty). Network errors retry with backoff from the same cursor,
 * so nothing is lost or repeated; a 404 means the match ended.
 */
export async function* follow(
  client: HalClient,
  page: HalDocument,
  signal: AbortSignal,
  onRetry: (seconds: number, err: unknown) => void = () => {},
  onPage: (page: HalDocument) => void = () => {},
): AsyncGenerator<HalDocument[]> {
  let current = page;
  let backoff = 1;
  while (!signal.aborted) {
    const next = linkOf(current, 'next');
    if (!next) return;
    try {
      current = await client.get(next.href, signal);
      backoff = 1;
      onPage(current);
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof ApiError && err.problem.status !== 429 && err.problem.status < 500) throw err;
      onRetry(backoff, err);
      await new Promise((resolve) => setTimeout(resolve, backoff * 1000));
      backoff = Math.min(backoff * 2, 30);
      continue;
    }
    const list = messagesOf(current);
    if (list.length > 0) yield list;
  }
}

const time = (iso: unknown) => new Date(String(iso)).toTimeString().slice(0, 5);

// The API refuses control characters, but a terminal must not take orders from whatever a server sends.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** "[14:02] ana: hello" — later lines of a message indented under the first. */
export function formatMessage(m: HalDocument, paint: Paint): string[] {
  const who = m.mine ? paint.cyan(String(m.from).replace(CONTROL, '')) : paint.bold(String(m.from).replace(CONTROL, ''));
  const [first, ...rest] = String(m.body).replace(CONTROL, '').replaceAll('\t', '    ').split('\n');
  const prefix = `${paint.dim(`[${time(m.sentAt)}]`)} ${who}: `;
  return [`${prefix}${first}`, ...rest.map((line) => `        ${line}`)];
}

export function messageJson(m: HalDocument): Record<string, unknown> {
  return { id: m.id, from: m.from, mine: m.mine, body: m.body, sentAt: m.sentAt };
}
