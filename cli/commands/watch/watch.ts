import type { Context } from '../../context.js';
import { hrefOf } from '../../hal-client.js';
import { painter } from '../../paint.js';
import { openSession } from '../../session.js';
import { conversationsOf } from '../inbox/list.js';
import { followEvents, inboxOf, type FollowOptions } from '../inbox/events.js';
import { eventJson, eventLine, Names } from './format.js';

/** Where the stop comes from: Ctrl-C and SIGTERM in a real process; tests stop it through `signal`. */
export interface WatchOptions extends FollowOptions {
  signal?: AbortSignal;
}

/**
 * `friender watch`: every event for this user, as it happens, until stopped — a human line
 * each, or one JSON object a line with --json. Ctrl-C and SIGTERM end it with exit 0; a
 * dropped connection or a 5xx is retried from the same cursor (see followEvents).
 */
export async function watch(ctx: Context, options: WatchOptions = {}): Promise<void> {
  const { client, root } = await openSession(ctx);
  const inbox = await inboxOf(client, root);
  const names = new Names();
  names.learnConversations(conversationsOf(inbox));
  const paint = await painter(ctx.colorOut);
  const stop = new AbortController();
  const quit = () => stop.abort();
  options.signal?.addEventListener('abort', quit, { once: true });
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  ctx.say('Watching for new messages, matches, unmatches and read receipts; Ctrl-C stops.');
  try {
    const events = followEvents(client, hrefOf(inbox, 'events'), stop.signal, {
      onRetry: (ms) => ctx.say(`Connection lost; retrying in ${Math.ceil(ms / 1000)} s…`),
      ...options,
    });
    for await (const list of events) {
      for (const event of list) {
        const username = await names.of(event, client);
        if (ctx.json) await ctx.printJsonLine(eventJson(event, username));
        else ctx.out(eventLine(event, username, paint));
      }
    }
  } finally {
    process.off('SIGINT', quit);
    process.off('SIGTERM', quit);
    options.signal?.removeEventListener('abort', quit);
  }
}
