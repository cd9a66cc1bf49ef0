import type { Context } from '../../context.js';
import { CancelledError, CliError, UsageError } from '../../errors.js';
import { linkOf, templateOf } from '../../hal.js';
import { getPassword } from '../../password.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';

export interface DeleteOptions {
  passwordStdin?: boolean;
  yes?: boolean;
}

const EXAMPLE = 'echo "$PW" | friender account delete --password-stdin --yes';

/** Deletes the account behind the current login, after the password (and, on a terminal, a yes). */
export async function deleteAccount(ctx: Context, opts: DeleteOptions): Promise<void> {
  if (!ctx.interactive && !opts.yes) {
    throw new UsageError('Deleting an account needs --yes when stdin is not a terminal (nothing is asked).', [`For example: ${EXAMPLE}`]);
  }
  if (!ctx.interactive && !opts.passwordStdin) {
    throw new UsageError('A password is needed: pass --password-stdin and pipe it in (stdin is not a terminal, so nothing is asked).', [`For example: ${EXAMPLE}`]);
  }
  const { client, root, login } = await openSession(ctx);
  const me = await withProgress(ctx, 'Loading your account…', () => client.follow(root, 'me'));
  const template = templateOf(me, 'delete');
  if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no way to delete this account.`);
  const username = String(me.username);
  if (!opts.yes) {
    const sure = await ctx.prompter().confirm({ message: `Delete the account ${username} and everything in it? This cannot be undone.`, default: false });
    if (!sure) throw new CancelledError('Nothing deleted.');
  }
  // Asked last: --password-stdin may consume stdin, which the confirmation above needs.
  const prop = (template.properties ?? []).find((p) => p.type === 'password');
  const password = await getPassword(ctx, { passwordStdin: opts.passwordStdin, message: prop?.prompt ?? 'Your password, to confirm', example: EXAMPLE });
  await withProgress(ctx, 'Deleting…', () => client.submit(template, { [prop?.name ?? 'password']: password }, linkOf(me, 'self')?.href));
  // Every login of a deleted account is dead: forget the stored one if it was this account's.
  const store = await ctx.store();
  const stored = store.getLogin(ctx.apiUrl);
  if (stored && (login.source === 'store' || stored.username === username)) store.deleteLogin(ctx.apiUrl);
  if (ctx.json) return ctx.printJson({ deleted: true, username, api: ctx.apiUrl });
  ctx.say(`Account ${username} deleted. Goodbye!`);
}
