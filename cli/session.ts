import type { Context } from './context.js';
import { AuthError } from './errors.js';
import type { HalClient } from './hal-client.js';
import type { HalDocument } from './hal.js';

export interface CurrentLogin {
  token: string;
  /** env: FRIENDER_TOKEN; store: the login saved by `friender login`. */
  source: 'env' | 'store';
  username?: string;
}

/** FRIENDER_TOKEN wins over the stored login; the store is not even opened then. */
export async function currentLogin(ctx: Context): Promise<CurrentLogin | undefined> {
  const fromEnv = ctx.env.FRIENDER_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const stored = (await ctx.store()).getLogin(ctx.apiUrl);
  return stored ? { token: stored.token, source: 'store', username: stored.username } : undefined;
}

export async function requireLogin(ctx: Context): Promise<CurrentLogin> {
  const login = await currentLogin(ctx);
  if (!login) throw new AuthError(`Not logged in to ${ctx.apiUrl}.`, ['Run `friender login` (or `friender signup`), or set FRIENDER_TOKEN.']);
  return login;
}

export interface Session {
  login: CurrentLogin;
  client: HalClient;
  root: HalDocument;
}

/**
 * A logged-in start: the root as this user sees it. A root without `me` means the API
 * does not consider us logged in, whatever we hold.
 */
export async function openSession(ctx: Context): Promise<Session> {
  const login = await requireLogin(ctx);
  const client = await ctx.client(login.token);
  const root = await client.getRoot();
  if (!root._links?.me) throw new AuthError(`The API at ${ctx.apiUrl} does not recognise this login.`);
  return { login, client, root };
}
