import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { linkOf, templateOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { collectionJson, openPhotos, photoAt, photoLine, photosOf, wholeNumber } from './collection.js';

/** Moves the photo at position n to a new position; position 1 is the one shown on your card. */
export async function move(ctx: Context, n: string, to: string): Promise<void> {
  const { client, photos } = await openPhotos(ctx);
  const photo = photoAt(photos, n);
  const count = photosOf(photos).length;
  const position = wholeNumber(to, '<position>');
  if (position < 1 || position > count) throw new UsageError(`<position>: must be between 1 and ${count} (you have ${count} photo${count === 1 ? '' : 's'}).`);
  const template = templateOf(photo, 'move');
  if (!template) throw new CliError('The API offers no way to move this photo.');
  const reply = await withProgress(ctx, 'Moving…', () => client.submit(template, { position }, linkOf(photo, 'self')?.href));
  const after = reply.body as HalDocument;
  if (ctx.json) return ctx.printJson(collectionJson(after));
  ctx.say(position === Number(photo.position) ? `Photo ${n} is already at position ${position}.` : `Moved photo ${n} to position ${position}.`);
  for (const p of photosOf(after)) ctx.out(photoLine(p));
}
