import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { linkOf, templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { collectionJson, openPhotos, photoAt, reloadPhotos } from './collection.js';

/** Deletes the photo at position n; the ones after it move up. */
export async function rm(ctx: Context, n: string): Promise<void> {
  const { client, photos } = await openPhotos(ctx);
  const photo = photoAt(photos, n);
  const template = templateOf(photo, 'delete');
  if (!template) throw new CliError('The API offers no way to delete this photo.');
  const after = await withProgress(ctx, 'Deleting…', async () => {
    await client.submit(template, undefined, linkOf(photo, 'self')?.href);
    return reloadPhotos(client, photos);
  });
  if (ctx.json) return ctx.printJson(collectionJson(after));
  ctx.say(`Deleted photo ${String(photo.position)}. You have ${String(after.count)} of ${String(after.max)}.`);
}
