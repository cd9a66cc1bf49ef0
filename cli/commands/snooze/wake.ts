import type { Context } from '../../context.js';
import { linkOf, templateOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { snoozeJson } from './state.js';

/** `friender wake`: ends a snooze; awake already is fine (nothing to do, exit 0). */
export async function wake(ctx: Context): Promise<void> {
  const { me, woke } = await withProgress(ctx, 'Waking up…', async () => {
    const { client, root } = await openSession(ctx);
    const profile = await client.follow(root, 'me');
    const template = templateOf(profile, 'wake');
    if (!template) return { me: profile, woke: false };
    const reply = await client.submit(template, undefined, linkOf(profile, 'self')?.href);
    return { me: (reply.body ?? (await client.follow(root, 'me'))) as HalDocument, woke: true };
  });
  if (ctx.json) return ctx.printJson(snoozeJson(me));
  ctx.say(woke ? 'Awake: you are shown to others and can swipe again.' : 'You were not snoozed: nothing to do.');
}
