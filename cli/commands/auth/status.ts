import type { Context } from '../../context.js';
import { AuthError, ConnectionError, EXIT, ExitStatus } from '../../errors.js';
import { withProgress } from '../../progress.js';
import { currentLogin } from '../../session.js';

export interface AuthStatus {
  api: string;
  loggedIn: boolean;
  /** Whether the API accepts the token now; null when it could not be asked. */
  valid: boolean | null;
  username: string | null;
  /** env: FRIENDER_TOKEN; store: the login file. */
  source: 'env' | 'store' | null;
  /** The login file (also when the token comes from FRIENDER_TOKEN: where `login` would store one). */
  store: string | null;
  expiresAt: string | null;
}

/** The token's own expiry, read (not verified: only the API can) from the JWT's `exp` claim. */
export function expiryOf(token: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/** `friender auth status`: exit 0 when the API accepts the login now, 3 when there is none or it is refused. */
export async function status(ctx: Context): Promise<void> {
  const login = await currentLogin(ctx);
  const store = (await ctx.store()).path ?? null;
  const result: AuthStatus = { api: ctx.apiUrl, loggedIn: false, valid: null, username: login?.username ?? null, source: login?.source ?? null, store, expiresAt: login ? expiryOf(login.token) : null };
  let unreachable: ConnectionError | undefined;
  if (login) {
    try {
      const client = await ctx.client(login.token);
      const root = await withProgress(ctx, 'Checking the login…', () => client.getRoot());
      result.valid = Boolean(root._links?.me);
      if (result.valid) result.username = String((await client.follow(root, 'me')).username);
    } catch (err) {
      if (err instanceof AuthError) result.valid = false;
      else if (err instanceof ConnectionError) unreachable = err;
      else throw err;
    }
    result.loggedIn = result.valid !== false;
  }
  if (ctx.json) await ctx.printJson(result);
  else for (const line of describe(result)) ctx.out(line);
  if (unreachable) throw unreachable;
  if (!result.loggedIn) {
    if (!ctx.json) ctx.say(login ? 'The API refused this login: run `friender login` again.' : 'Run `friender login` (or `friender signup`), or set FRIENDER_TOKEN.');
    throw new ExitStatus(EXIT.auth);
  }
}

function describe(s: AuthStatus): string[] {
  const who = s.valid === true ? `${s.username} (the API accepts this login)` : s.valid === false ? `no: the API refused the login${s.username ? ` of ${s.username}` : ''}` : s.source ? `${s.username ?? 'unknown'} (the API could not be asked)` : 'no';
  const from = s.source === 'env' ? 'FRIENDER_TOKEN (the environment)' : s.source === 'store' ? s.store ?? 'the login store' : `nothing stored${s.store ? ` in ${s.store}` : ''}`;
  return [`API:        ${s.api}`, `Logged in:  ${who}`, `Login from: ${from}`, ...(s.expiresAt ? [`Expires:    ${s.expiresAt}`] : [])];
}
