import type { Context } from '../../context.js';
import { AuthError, CliError } from '../../errors.js';
import { templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { requireLogin } from '../../session.js';

/**
 * Ends the login in use. A stored login is forgotten here whatever the server says (even
 * when it cannot be reached); a FRIENDER_TOKEN is revoked, and the stored login left alone.
 */
export async function logout(ctx: Context): Promise<void> {
  const login = await requireLogin(ctx);
  let revoked = true;
  try {
    const client = await ctx.client(login.token);
    const root = await withProgress(ctx, 'Logging out…', () => client.getRoot());
    const template = templateOf(root, 'logout');
    if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no logout for this login.`);
    await withProgress(ctx, 'Logging out…', () => client.submit(template));
  } catch (err) {
    // A rejected token is already as logged out as it gets.
    if (!(err instanceof AuthError)) throw err;
    revoked = false;
  } finally {
    if (login.source === 'store') (await ctx.store()).deleteLogin(ctx.apiUrl);
  }
  if (ctx.json) return ctx.printJson({ loggedOut: true, revoked, api: ctx.apiUrl });
  const who = login.username ? ` ${login.username}` : '';
  if (!revoked) ctx.say(`The API no longer accepted this login; it is forgotten here.`);
  else ctx.say(`Logged out${who} from ${ctx.apiUrl}.`);
  if (login.source === 'env') ctx.say('That was the FRIENDER_TOKEN login; unset FRIENDER_TOKEN too.');
}
