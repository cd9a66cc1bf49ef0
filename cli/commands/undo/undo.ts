import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { templateOf, type HalDocument, type Template } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';

/** Follows an `undo` template; the answer names whose pass was taken back. */
export async function sendUndo(client: HalClient, template: Template): Promise<string> {
  const body = (await client.submit(template)).body as HalDocument | undefined;
  return String(body?.username ?? '');
}

/** `friender undo`: takes back your latest pass, through the candidates page's `undo` template. */
export async function undo(ctx: Context): Promise<void> {
  const username = await withProgress(ctx, 'Taking back your last pass…', async () => {
    const { client, root } = await openSession(ctx);
    const page = await client.follow(root, 'candidates');
    const template = templateOf(page, 'undo');
    if (!template) {
      throw new CliError('Nothing to undo: only your latest answer can be taken back, if it was a pass given in the last few minutes.', [
        'A like is not undone; to end a match, `friender unmatch <username>`.',
      ]);
    }
    return sendUndo(client, template);
  });
  if (ctx.json) return ctx.printJson({ username, undone: 'pass' });
  ctx.say(`Took back your pass on ${username}: they can show up in your deck again.`);
}
