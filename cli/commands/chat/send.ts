import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
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
  // A message the API would refuse (empty here, too long or with control characters there) is exit 1
  // either way: the command line was well formed, its text was not. Exit 2 is for the command line.
  if (body.trim() === '') throw new CliError('Nothing to send: the message is empty.', ['For example: friender send sam "hi!" or echo hi | friender send sam -']);
  const message = await withProgress(ctx, 'Sending…', async () => {
    const convo = await openConversation(ctx, username);
    return sendMessage(convo.client, convo.page, body);
  });
  if (ctx.json) return ctx.printJson(messageJson(message));
  ctx.say(`Sent to ${username}.`);
}
