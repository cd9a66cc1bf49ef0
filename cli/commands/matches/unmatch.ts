import type { Context } from '../../context.js';
import { CancelledError, CliError, UsageError } from '../../errors.js';
import { linkOf, templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { findMatch } from './list.js';

export interface UnmatchOptions {
  yes?: boolean;
}

/** Ends the match with username for both of you; asks first on a terminal, and needs --yes without one. */
export async function unmatch(ctx: Context, username: string, opts: UnmatchOptions): Promise<void> {
  // Like `account delete`: what cannot be undone is never done by a script that did not say --yes.
  if (!ctx.interactive && !opts.yes) {
    throw new UsageError('Unmatching needs --yes when stdin is not a terminal (nothing is asked).', [`For example: friender unmatch ${username} --yes`]);
  }
  const { client, root } = await openSession(ctx);
  const match = await withProgress(ctx, 'Loading your matches…', () => findMatch(client, root, username));
  if (!match) throw new CliError(`You have no match with ${username}.`, ['See your matches with `friender matches`.']);
  const template = templateOf(match, 'unmatch');
  if (!template) throw new CliError(`The API offers no way to unmatch ${username} now.`);
  if (ctx.interactive && !opts.yes) {
    const sure = await ctx.prompter().confirm({ message: `Unmatch ${String(match.username)}? Neither of you will see the other again.`, default: false });
    if (!sure) throw new CancelledError('Still matched.');
  }
  await withProgress(ctx, 'Unmatching…', () => client.submit(template, undefined, linkOf(match, 'self')?.href));
  if (ctx.json) return ctx.printJson({ username: match.username, unmatched: true });
  ctx.say(`Unmatched ${String(match.username)}.`);
}
