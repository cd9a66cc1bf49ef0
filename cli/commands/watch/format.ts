import type { HalDocument } from '../../hal.js';
import { linkOf } from '../../hal.js';
import type { Paint } from '../../paint.js';
import { embedded, type Getter } from '../inbox/events.js';

// A terminal must not take orders from whatever a server sends.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
export const clean = (text: unknown) => String(text ?? '').replace(CONTROL, ' ');

/** The first line of a text, cut to `max` characters with an ellipsis. */
export function preview(text: unknown, max = 60): string {
  const first = String(text ?? '').split('\n')[0]!;
  const chars = [...clean(first)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

const clock = (iso: unknown) => {
  const when = new Date(String(iso));
  return Number.isNaN(when.getTime()) ? '--:--' : when.toTimeString().slice(0, 5);
};

/**
 * Who each match is with, by match id: learnt from the inbox, from the events themselves, or
 * asked of the API through the event's `match` link — an `unmatch` can only be named from
 * what was learnt before, as the match is gone by then.
 */
export class Names {
  private readonly byMatch = new Map<string, string>();

  learn(matchId: unknown, username: unknown): void {
    if (matchId !== undefined && matchId !== null && typeof username === 'string' && username) this.byMatch.set(String(matchId), username);
  }

  learnConversations(list: HalDocument[]): void {
    for (const c of list) this.learn(c.id, c.username);
  }

  /** The other person of the event's match, or undefined when it cannot be known. */
  async of(event: HalDocument, client?: Getter): Promise<string | undefined> {
    const id = String(event.matchId);
    const match = embedded(event, 'match');
    if (match) this.learn(id, match.username ?? embedded(match, 'user')?.username);
    const message = embedded(event, 'message');
    if (message && !message.mine) this.learn(id, message.from);
    const known = this.byMatch.get(id);
    if (known || !client || event.type === 'unmatch') return known;
    const link = linkOf(event, 'match');
    if (!link) return undefined;
    try {
      this.learn(id, (await client.get(link.href)).username);
    } catch {
      // A name is a nicety: the event is printed without it.
    }
    return this.byMatch.get(id);
  }
}

/** One NDJSON record per event (the README lists the fields); absent parts are null, so every line has the same keys. */
export function eventJson(event: HalDocument, username: string | undefined): Record<string, unknown> {
  const m = embedded(event, 'message');
  return {
    seq: event.seq,
    type: event.type,
    at: event.at,
    match: event.matchId ?? null,
    username: username ?? null,
    message: m ? { id: m.id, from: m.from, mine: m.mine, body: m.body, sentAt: m.sentAt } : null,
    readUpTo: event.readUpTo ?? null,
  };
}

/** "12:03 message ben: hi", "12:04 match ana", "12:05 unmatch ana", "12:06 read ben read up to your message 42". */
export function eventLine(event: HalDocument, username: string | undefined, paint: Paint): string {
  const who = paint.bold(clean(username ?? `match ${String(event.matchId)}`));
  const head = `${paint.dim(clock(event.at))} ${String(event.type)}`;
  switch (event.type) {
    case 'message': {
      const m = embedded(event, 'message') ?? {};
      return m.mine ? `${head} you → ${who}: ${preview(m.body, 200)}` : `${head} ${who}: ${preview(m.body, 200)}`;
    }
    case 'read':
      return `${head} ${who} read up to your message ${String(event.readUpTo)}`;
    default:
      return `${head} ${who}`;
  }
}
