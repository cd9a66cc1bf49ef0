import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { painter } from '../../paint.js';
import { withProgress } from '../../progress.js';
import { follow, formatMessage, isEnded, messageJson, messagesOf, openConversation } from './conversation.js';

export interface MessagesOptions {
  watch?: boolean;
}

/** Prints the latest messages; with --watch stays and prints new ones as they arrive (NDJSON with --json). */
export async function messages(ctx: Context, username: string, opts: MessagesOptions): Promise<void> {
  const convo = await withProgress(ctx, 'Loading messages…', () => openConversation(ctx, username));
  const paint = await painter(ctx.colorOut);
  const print = async (list: ReturnType<typeof messagesOf>) => {
    for (const m of list) {
      if (ctx.json) await ctx.printJsonLine(messageJson(m));
      else for (const line of formatMessage(m, paint)) ctx.out(line);
    }
  };
  const first = messagesOf(convo.page);
  if (!opts.watch) {
    if (ctx.json) return ctx.printJson({ username: convo.username, messages: first.map(messageJson) });
    if (first.length === 0) {
      ctx.say(`No messages with ${convo.username} yet. Say hi: friender send ${convo.username} "hi!"`);
      if (typeof convo.page.suggestion === 'string') ctx.say(`Need an opener? ${convo.page.suggestion}`);
    }
    await print(first);
    return;
  }
  await print(first);
  ctx.say(`Watching for messages from ${convo.username}; Ctrl-C stops.`);
  const stop = new AbortController();
  try {
    for await (const list of follow(convo.client, convo.page, stop.signal, (s) => ctx.say(`Connection lost; retrying in ${s} s…`))) await print(list);
  } catch (err) {
    if (isEnded(err)) throw new CliError(`The match with ${convo.username} has ended.`);
    throw err;
  }
}
