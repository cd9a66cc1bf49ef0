import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';

/** Keeps the token signup/login answered with, under this API's URL only. */
export async function remember(ctx: Context, body: unknown): Promise<{ username: string; token: string }> {
  const issued = body as { username?: unknown; token?: unknown } | undefined;
  if (typeof issued?.token !== 'string' || typeof issued.username !== 'string') {
    throw new CliError(`The API at ${ctx.apiUrl} answered without a token.`);
  }
  const store = await ctx.store();
  store.setLogin(ctx.apiUrl, { username: issued.username, token: issued.token, savedAt: new Date().toISOString() });
  if (ctx.env.FRIENDER_TOKEN?.trim()) ctx.say('Note: FRIENDER_TOKEN is set, and it wins over the login just saved.');
  return { username: issued.username, token: issued.token };
}
