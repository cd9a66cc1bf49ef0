import type { Context } from '../../context.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { snoozeJson, snoozeLine } from '../snooze/state.js';

/** Asks the API who the login belongs to: a stored name could be stale, the server's is not. */
export async function whoami(ctx: Context): Promise<void> {
  const { client, root, login } = await withProgress(ctx, 'Checking…', () => openSession(ctx));
  const me = await client.follow(root, 'me');
  const username = String(me.username);
  const { snoozed, snoozedUntil } = snoozeJson(me);
  if (ctx.json) return ctx.printJson({ username, email: me.email, api: ctx.apiUrl, tokenSource: login.source, snoozed, snoozedUntil });
  ctx.out(username);
  // Beside the name, not in it: `$(friender whoami)` stays the username alone.
  const snooze = snoozeLine(me);
  if (snooze) ctx.say(`${snooze} (\`friender wake\` ends it).`);
}
