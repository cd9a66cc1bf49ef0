import fs from 'node:fs/promises';
import path from 'node:path';
import { Document } from 'yaml';
import type { Context } from '../../context.js';
import { CliError } from '../../errors.js';
import { linkOf, templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { photosOf } from '../photos/collection.js';
import { NOT_EXPORTED, PHOTOS_KEY } from './apply/fields.js';

export interface ExportOptions {
  file?: string;
  photosDir?: string;
}

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** A path as the profile file will hold it: relative to the file's folder, with forward slashes. */
const relativeTo = (dir: string, file: string) => path.relative(dir, file).split(path.sep).join('/');

/**
 * The profile as a file `friender profile apply` takes: every field the edit template offers
 * (but the account's own email and birth date) with its current value, and the photos in order,
 * each by the SHA-256 the API keeps of its upload; with --photos-dir, each image saved there too.
 */
export async function exportProfile(ctx: Context, opts: ExportOptions): Promise<void> {
  const { client, root } = await openSession(ctx);
  const { me, photos } = await withProgress(ctx, 'Loading your profile…', async () => {
    const me = await client.follow(root, 'me');
    return { me, photos: await client.follow(me, 'photos') };
  });
  const edit = templateOf(me, 'edit');
  if (!edit) throw new CliError(`The API at ${ctx.apiUrl} offers no way to edit this profile, so there is nothing to export.`);
  const doc: Record<string, unknown> = {};
  for (const prop of edit.properties ?? []) {
    const value = me[prop.name];
    if (NOT_EXPORTED.has(prop.name) || value === null || value === undefined) continue;
    doc[prop.name] = value;
  }
  const fileDir = path.resolve(opts.file ? path.dirname(opts.file) : '.');
  if (opts.photosDir) await fs.mkdir(opts.photosDir, { recursive: true });
  const list: Array<Record<string, unknown>> = [];
  for (const photo of photosOf(photos)) {
    const entry: Record<string, unknown> = {};
    if (opts.photosDir) {
      const image = linkOf(photo, 'image');
      if (!image) throw new CliError(`Photo ${String(photo.position)} has no image link to save it from.`);
      const name = `${String(photo.position)}-${String(photo.sha256 ?? photo.id).slice(0, 12)}.${EXTENSION[String(photo.contentType)] ?? 'img'}`;
      const target = path.resolve(opts.photosDir, name);
      await withProgress(ctx, `Saving photo ${String(photo.position)}…`, async () => fs.writeFile(target, await client.fetchBytes(image.href)));
      entry.file = relativeTo(fileDir, target);
    }
    // The hash of the upload, not of the stored (re-encoded) image: it is what recognises the photo on apply.
    if (typeof photo.sha256 === 'string') entry.sha256 = photo.sha256;
    else entry.id = photo.id;
    list.push(entry);
  }
  doc[PHOTOS_KEY] = list;

  if (!opts.file) {
    if (ctx.json) return ctx.printJson(doc);
    return void ctx.io.stdout.write(yamlOf(doc));
  }
  await fs.writeFile(opts.file, ctx.json ? `${JSON.stringify(doc, null, 2)}\n` : yamlOf(doc));
  ctx.say(`Wrote your profile${list.length ? ` and ${list.length} photo${list.length === 1 ? '' : 's'}` : ''} to ${opts.file}${opts.photosDir ? ` (images in ${opts.photosDir})` : ''}.`);
}

function yamlOf(doc: Record<string, unknown>): string {
  const yaml = new Document(doc);
  yaml.commentBefore = ' A Friender profile. Apply it with: friender profile apply <this file> (--dry-run shows the plan first).';
  return yaml.toString({ lineWidth: 0 });
}
