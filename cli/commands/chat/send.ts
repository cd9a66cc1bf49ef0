import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { withProgress } from '../../progress.js';
import { messageJson, openConversation, sendMessage } from './conversation.js';

async function readStdin(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.io.stdin) chunks.push(Buffer.from(chunk as Buffer));
  // Windows line endings become plain newlines: the API takes newline and tab, no other control characters.
  return Buffer.concat(chunks).toString('utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '');
}

/** `friender send <username> <text>`; `-` reads the text from stdin. */
export async function send(ctx: Context, username: string, text: string): Promise<void> {
  const body = text === '-' ? await readStdin(ctx) : text;
  if (body.trim() === '') throw new UsageError('Nothing to send: the message is empty.', ['For example: friender send sam "hi!" or echo hi | friender send sam -']);
  const message = await withProgress(ctx, 'Sending…', async () => {
    const convo = await openConversation(ctx, username);
    return sendMessage(convo.client, convo.page, body);
  });
  if (ctx.json) return ctx.printJson(messageJson(message));
  ctx.say(`Sent to ${username}.`);
}
