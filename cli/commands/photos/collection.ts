import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { embeddedList, fieldsOf, linkOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';

export interface PhotosSession {
  client: HalClient;
  photos: HalDocument;
}

/** Root → me → photos: the collection as this user may change it. */
export async function openPhotos(ctx: Context): Promise<PhotosSession> {
  return withProgress(ctx, 'Loading your photos…', async () => {
    const { client, root } = await openSession(ctx);
    const me = await client.follow(root, 'me');
    return { client, photos: await client.follow(me, 'photos') };
  });
}

export function photosOf(collection: HalDocument): HalDocument[] {
  return embeddedList(collection, 'photos');
}

/** A photo for scripts: its fields plus the two short-lived URLs. */
export function photoJson(photo: HalDocument): Record<string, unknown> {
  return { ...fieldsOf(photo), image: linkOf(photo, 'image')?.href, thumbnail: linkOf(photo, 'thumbnail')?.href };
}

export function collectionJson(collection: HalDocument): Record<string, unknown> {
  return { count: collection.count, max: collection.max, photos: photosOf(collection).map(photoJson) };
}

/** A whole number from the command line, or a usage error naming the argument. */
export function wholeNumber(raw: string, name: string): number {
  const n = Number(raw.trim());
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n)) throw new UsageError(`${name}: "${raw}" is not a whole number.`);
  return n;
}

/** The photo at position n (1 is shown first), as `photos list` numbers them. */
export function photoAt(collection: HalDocument, raw: string): HalDocument {
  const n = wholeNumber(raw, '<n>');
  const photos = photosOf(collection);
  const photo = photos.find((p) => p.position === n);
  if (photo) return photo;
  if (photos.length === 0) throw new CliError('You have no photos.', ['Add some with `friender photos add <files...>`.']);
  throw new UsageError(`There is no photo ${n}: you have ${photos.length} (1–${photos.length}).`, ['See them with `friender photos list`.']);
}

export function reloadPhotos(client: HalClient, collection: HalDocument): Promise<HalDocument> {
  const self = linkOf(collection, 'self');
  if (!self) throw new CliError('The photos collection has no `self` link.');
  return client.get(self.href);
}

const KB = 1024;
export function sizeText(bytes: number): string {
  if (bytes < KB) return `${bytes} B`;
  if (bytes < KB * KB) return `${Math.round(bytes / KB)} KB`;
  return `${Number((bytes / KB / KB).toFixed(1))} MB`;
}

const TYPES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };

/** "1. 1024×768 JPEG, 210 KB (shown first)" */
export function photoLine(photo: HalDocument): string {
  const type = TYPES[String(photo.contentType)] ?? String(photo.contentType);
  const first = photo.position === 1 ? ' (shown first)' : '';
  return `${String(photo.position)}. ${String(photo.width)}×${String(photo.height)} ${type}, ${sizeText(Number(photo.bytes))}${first}`;
}
