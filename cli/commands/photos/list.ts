import type { Context } from '../../context.js';
import { openPhotos } from './collection.js';
import { printPhotos } from './render.js';

export async function list(ctx: Context): Promise<void> {
  const { client, photos } = await openPhotos(ctx);
  await printPhotos(ctx, client, photos);
}
