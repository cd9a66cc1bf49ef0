import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { fillCredentials, requireFlags } from './credentials.js';
import { remember } from './remember.js';

export interface SignupOptions {
  username?: string;
  email?: string;
  birthDate?: string;
  passwordStdin?: boolean;
}

const EXAMPLE = 'printf "%s\\n" "$PW" | friender signup --username sam --email sam@example.com --birth-date 1990-05-17 --password-stdin';

export async function signup(ctx: Context, opts: SignupOptions): Promise<void> {
  requireFlags(
    ctx,
    [['--username', opts.username !== undefined], ['--email', opts.email !== undefined], ['--birth-date', opts.birthDate !== undefined], ['--password-stdin', opts.passwordStdin === true]],
    EXAMPLE,
  );
  // Anonymous on purpose: a stale stored token would turn the root into a 401.
  const client = await ctx.client();
  const root = await withProgress(ctx, 'Contacting Friender…', () => client.getRoot());
  const template = templateOf(root, 'signup');
  if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no signup.`);
  const body = await fillCredentials(ctx, template, { username: opts.username, email: opts.email, birthDate: opts.birthDate }, { passwordStdin: opts.passwordStdin, confirmPassword: true, example: EXAMPLE });
  const reply = await withProgress(ctx, 'Creating your account…', () => client.submit(template, body));
  const { username, token } = await remember(ctx, reply.body);
  if (ctx.json) return ctx.printJson({ username, api: ctx.apiUrl });
  ctx.say(`Welcome, ${username}! You are logged in to ${ctx.apiUrl}.`);
  if (ctx.interactive) {
    const { offerPhotos } = await import('../photos/offer.js');
    const session = await ctx.client(token);
    await offerPhotos(ctx, session, await session.follow(await session.getRoot(), 'me'));
  }
  ctx.say('Next: add hobbies, interests, your ZIP code and a friend radius with `friender profile edit`.');
}
