import type { Context } from '../../context.js';
import { requireLogin } from '../../session.js';

/**
 * `friender auth token`: the token in use, for `curl -H "Authorization: Bearer $(friender auth token)"`.
 * It is printed as it is held (FRIENDER_TOKEN or the stored login) without asking the API; exit 3 when there is none.
 */
export async function token(ctx: Context): Promise<void> {
  const login = await requireLogin(ctx);
  if (ctx.json) return ctx.printJson({ token: login.token, source: login.source, api: ctx.apiUrl });
  ctx.out(login.token);
}
