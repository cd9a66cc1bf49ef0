import type { Context } from '../../context.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { printProfile } from './render.js';

export async function show(ctx: Context): Promise<void> {
  const me = await withProgress(ctx, 'Loading your profile…', async () => {
    const { client, root } = await openSession(ctx);
    return client.follow(root, 'me');
  });
  await printProfile(ctx, me);
}
