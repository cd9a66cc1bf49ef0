import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from '../../context.js';
import { ApiError, CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { templateOf, type HalDocument, type TemplateProperty } from '../../hal.js';
import { stepReporter, type StepReporter } from '../../progress.js';
import { multipartFile } from '../../upload-body.js';
import { collectionJson, openPhotos, photosOf, sizeText } from './collection.js';

export interface Added {
  file: string;
  id: string;
  position: number;
}

export interface Failed {
  file: string;
  /** The HTTP status when the API refused it; absent when it never left this machine. */
  status?: number;
  reason: string;
}

export interface AddOutcome {
  collection: HalDocument;
  added: Added[];
  failed: Failed[];
}

interface LocalFile {
  file: string;
  path: string;
  name: string;
  size: number;
}

/** Checks a path before sending it: a readable regular file within the size the API accepts. */
async function inspect(file: string, maxSize: number | undefined): Promise<LocalFile | Failed> {
  const full = path.resolve(file);
  let stat;
  try {
    stat = await fs.stat(full);
    await fs.access(full, fs.constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { file, reason: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : `cannot be read (${code})` };
  }
  if (!stat.isFile()) return { file, reason: stat.isDirectory() ? 'is a directory' : 'is not a regular file' };
  if (stat.size === 0) return { file, reason: 'is empty' };
  if (maxSize !== undefined && stat.size > maxSize) return { file, reason: `is too big (${sizeText(stat.size)}; a photo may be at most ${sizeText(maxSize)})` };
  return { file, path: full, name: path.basename(full), size: stat.size };
}

const percent = (sent: number, size: number) => `${Math.floor((sent / size) * 100)}%`;

/** The API's reason for this file: its field error when it gives one (the detail repeats the name). */
function reasonOf(err: ApiError, name: string): string {
  const text = err.problem.errors?.find((e) => e.field === 'photo')?.message ?? err.problem.detail ?? err.problem.title;
  const reason = text.startsWith(`${name}: `) ? text.slice(name.length + 2) : text;
  return reason.replace(/\.$/, ''); // the line adds its own full stop
}

async function sendOne(client: HalClient, collection: HalDocument, field: TemplateProperty, local: LocalFile, steps: StepReporter): Promise<HalDocument> {
  const template = templateOf(collection, 'upload')!;
  const label = `${local.file}  ${sizeText(local.size)}`;
  steps.update(`Uploading ${label}  0%`);
  const body = multipartFile(field.name, local, (sent) =>
    steps.update(sent < local.size ? `Uploading ${local.file}  ${sizeText(sent)} of ${sizeText(local.size)}  ${percent(sent, local.size)}` : `Processing ${local.file}…`),
  );
  const reply = await client.sendStream(template.method, template.target ?? '', body.body, body.contentType, body.length);
  return reply.body as HalDocument;
}

/**
 * Uploads files one request each, in order, so one bad file fails alone while the others
 * go on; each answer is the new collection, whose upload template says what is still allowed.
 */
export async function uploadFiles(ctx: Context, client: HalClient, start: HalDocument, files: string[]): Promise<AddOutcome> {
  const first = templateOf(start, 'upload');
  const field: TemplateProperty = first?.properties?.find((p) => p.type === 'file') ?? { name: 'photo' };
  const maxSize = typeof field.maxSize === 'number' ? field.maxSize : undefined;
  const steps = await stepReporter(ctx);
  const outcome: AddOutcome = { collection: start, added: [], failed: [] };
  const fail = (failure: Failed) => {
    outcome.failed.push(failure);
    steps.fail(`Could not add ${failure.file}: ${failure.reason}.`);
  };
  for (const file of files) {
    const local = await inspect(file, maxSize);
    if (!('path' in local)) {
      fail(local);
      continue;
    }
    if (!templateOf(outcome.collection, 'upload')) {
      fail({ file, status: 409, reason: `you already have ${String(outcome.collection.count)} of ${String(outcome.collection.max)} photos; delete one with \`friender photos rm <n>\`` });
      continue;
    }
    const before = new Set(photosOf(outcome.collection).map((p) => p.id));
    try {
      outcome.collection = await sendOne(client, outcome.collection, field, local, steps);
    } catch (err) {
      // A refusal is about this file; anything else (network, login) stops the whole run.
      if (!(err instanceof ApiError) || err.problem.status === 401) throw err;
      fail({ file, status: err.problem.status, reason: reasonOf(err, local.name) });
      continue;
    }
    const photo = photosOf(outcome.collection).find((p) => !before.has(p.id));
    if (!photo) throw new CliError(`The API accepted ${file} but did not list it among your photos.`);
    outcome.added.push({ file, id: String(photo.id), position: Number(photo.position) });
    steps.succeed(`Added ${file} as photo ${String(photo.position)} of ${String(outcome.collection.count)}.`);
  }
  return outcome;
}

export async function add(ctx: Context, files: string[]): Promise<void> {
  const { client, photos } = await openPhotos(ctx);
  const outcome = await uploadFiles(ctx, client, photos, files);
  if (ctx.json) await ctx.printJson({ ...collectionJson(outcome.collection), added: outcome.added, failed: outcome.failed });
  if (outcome.failed.length > 0) {
    const n = outcome.failed.length;
    throw new CliError(`${n} of ${files.length} ${files.length === 1 ? 'file' : 'files'} ${n === 1 ? 'was' : 'were'} not added.`);
  }
}
