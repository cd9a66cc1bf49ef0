import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context } from '../../context.js';
import type { HalClient } from '../../hal-client.js';
import { templateOf, type HalDocument } from '../../hal.js';
import { uploadFiles } from './add.js';

/**
 * Splits typed or pasted paths the way a shell would for the common cases: spaces
 * separate, quotes and backslashes (what dragging a file into a terminal produces) keep
 * a name whole, and a leading ~/ is the home directory.
 */
export function splitPaths(raw: string): string[] {
  const paths: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (c === '\\' && i + 1 < raw.length) {
      current += raw[(i += 1)];
      started = true;
    } else if (/\s/.test(c)) {
      if (started) paths.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) paths.push(current);
  return paths.map((p) => (p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p));
}

/**
 * At the end of signup or a profile edit on a terminal: asks whether to add photos now and
 * uploads the ones named. A file that fails is reported and does not undo what came before.
 */
export async function offerPhotos(ctx: Context, client: HalClient, me: HalDocument): Promise<void> {
  if (!ctx.interactive || ctx.json) return;
  const photos = await client.follow(me, 'photos');
  if (!templateOf(photos, 'upload')) return; // full already: nothing to offer
  const have = Number(photos.count ?? 0);
  const prompter = ctx.prompter();
  const wanted = await prompter.confirm({ message: have === 0 ? 'Add photos now?' : `Add more photos now? (you have ${have})`, default: false });
  if (!wanted) return;
  const raw = await prompter.input({
    message: 'Photo files (JPEG, PNG or WebP; separate with spaces)',
    validate: (answer) => {
      const paths = splitPaths(answer);
      if (paths.length === 0) return 'name at least one file';
      const missing = paths.find((p) => !existsSync(p));
      return missing ? `no such file: ${missing}` : true;
    },
  });
  const outcome = await uploadFiles(ctx, client, photos, splitPaths(raw));
  if (outcome.failed.length > 0) ctx.say('Add the rest later with `friender photos add <files...>`.');
}
