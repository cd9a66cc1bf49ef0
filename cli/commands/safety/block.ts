import type { Context } from '../../context.js';
import { CancelledError, CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { templateOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { findActionable } from './find.js';
import { blockNamed, blocksPage } from './blocks.js';

export interface BlockOptions {
  yes?: boolean;
}

/** Sends a card's (or match's) block template; says whether the block is new. */
export async function sendBlock(client: HalClient, doc: HalDocument): Promise<{ username: string; created: boolean }> {
  const template = templateOf(doc, 'block');
  if (!template) throw new CliError(`The API offers no way to block ${String(doc.username)} now.`);
  const reply = await client.submit(template);
  return { username: String((reply.body as HalDocument | undefined)?.username ?? doc.username), created: reply.status === 201 };
}

export const blockedLine = (name: string) => `Blocked ${name}. Neither of you will see the other; a match between you has ended. \`friender unblock ${name}\` lifts the block.`;

/** `friender block <username>`: asks first on a terminal (unless --yes); scripts block at once. */
export async function block(ctx: Context, username: string, opts: BlockOptions): Promise<void> {
  const { client, root } = await openSession(ctx);
  // Someone blocked is nowhere else to be found: blocking them again is the no-op it is in the API.
  const already = await withProgress(ctx, `Finding ${username}…`, async () => blockNamed(client, await blocksPage(client, root), username));
  if (already) {
    if (ctx.json) return ctx.printJson({ username: already.username, blocked: true, created: false });
    ctx.say(`${String(already.username)} is already blocked.`);
    return;
  }
  const doc = await withProgress(ctx, `Finding ${username}…`, () => findActionable(client, root, username, 'block'));
  const name = String(doc.username);
  if (ctx.interactive && !opts.yes) {
    const sure = await ctx.prompter().confirm({ message: `Block ${name}? Neither of you will see the other, and a match between you ends.`, default: false });
    if (!sure) throw new CancelledError('Not blocked.');
  }
  const done = await withProgress(ctx, 'Blocking…', () => sendBlock(client, doc));
  if (ctx.json) return ctx.printJson({ username: done.username, blocked: true, created: done.created });
  ctx.say(blockedLine(done.username));
}
