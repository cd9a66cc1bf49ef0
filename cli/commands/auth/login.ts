import type { Context } from '../../context.js';
import { AuthError, CliError } from '../../errors.js';
import { templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { fillCredentials, requireFlags } from './credentials.js';
import { remember } from './remember.js';

export interface LoginOptions {
  username?: string;
  passwordStdin?: boolean;
}

const EXAMPLE = 'echo "$PW" | friender login --username demo --password-stdin';

export async function login(ctx: Context, opts: LoginOptions): Promise<void> {
  requireFlags(ctx, [['--username', opts.username !== undefined], ['--password-stdin', opts.passwordStdin === true]], EXAMPLE);
  // Anonymous on purpose: only the anonymous root offers `login`, and a stale token would be a 401.
  const client = await ctx.client();
  const root = await withProgress(ctx, 'Contacting Friender…', () => client.getRoot());
  const template = templateOf(root, 'login');
  if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no login.`);
  const body = await fillCredentials(ctx, template, { username: opts.username }, { passwordStdin: opts.passwordStdin, example: EXAMPLE });
  const reply = await withProgress(ctx, 'Logging in…', () => client.submit(template, body)).catch((err: unknown) => {
    // Wrong credentials are a 401 too, but "run friender login" is no help to someone doing just that.
    throw err instanceof AuthError ? new AuthError(err.message, []) : err;
  });
  const { username } = await remember(ctx, reply.body);
  if (ctx.json) return ctx.printJson({ username, api: ctx.apiUrl });
  ctx.say(`Logged in to ${ctx.apiUrl} as ${username}.`);
}
