import path from 'node:path';
import type { Context } from '../../../context.js';
import { CliError, EXIT, ExitStatus } from '../../../errors.js';
import type { HalClient } from '../../../hal-client.js';
import { linkOf, templateOf, type HalDocument, type Template } from '../../../hal.js';
import { withProgress } from '../../../progress.js';
import { openSession } from '../../../session.js';
import { photosOf, reloadPhotos } from '../../photos/collection.js';
import { uploadFiles } from '../../photos/add.js';
import { checkFields, isRecord } from './fields.js';
import { wantedPhotos } from './photo-files.js';
import { fieldChanges, hasChanges, photoChanges, type Plan } from './plan.js';
import { planJson, planLines } from './render.js';
import { InvalidFileError, readSource, type FileProblem } from './source.js';

export interface ApplyOptions {
  dryRun?: boolean;
}

const ACCEPTED = 'image/jpeg,image/png,image/webp';

interface Current {
  client: HalClient;
  me: HalDocument;
  etag?: string;
  edit: Template;
  photos?: HalDocument;
}

/**
 * Makes the account match a profile file: the fields that differ through the edit template
 * (If-Match: the version read), then photos removed, uploaded and moved into the file's order.
 * Everything is read and checked first; an invalid file sends nothing. Each run plans from what
 * is there now, so a run cut short is finished by the next one.
 */
export async function apply(ctx: Context, file: string, opts: ApplyOptions): Promise<void> {
  const source = await readSource(file);
  if (!isRecord(source.value)) throw new InvalidFileError(source, [{ path: [], message: 'must be a mapping of profile fields (bio, hobbies, …) and photos' }]);
  const wants = source.value;
  const { client, root } = await openSession(ctx);
  const current = await withProgress(ctx, 'Loading your profile…', async (): Promise<Current> => {
    const read = await client.read(root, 'me');
    const me = (read.body ?? {}) as HalDocument;
    const edit = templateOf(me, 'edit');
    if (!edit) throw new CliError(`The API at ${ctx.apiUrl} offers no way to edit this profile.`);
    const etag = typeof read.headers.etag === 'string' ? read.headers.etag : undefined;
    // Without a photos list the file leaves photos alone, and they are not even read.
    return { client, me, etag, edit, photos: wants.photos === undefined ? undefined : await client.follow(me, 'photos') };
  });

  const problems: FileProblem[] = [];
  const properties = current.edit.properties ?? [];
  const fields = fieldChanges(current.me, properties, checkFields(wants, properties, problems, source.written));
  let photos: Pick<Plan, 'add' | 'remove' | 'move' | 'order'> = { add: [], remove: [], move: [], order: [] };
  if (current.photos) {
    const upload = templateOf(current.photos, 'upload')?.properties?.find((p) => p.type === 'file');
    const rules = { maxSize: upload?.maxSize, accept: (upload?.accept ?? ACCEPTED).split(',').map((t) => t.trim()) };
    const wanted = await wantedPhotos(source.dir, wants.photos, rules, problems);
    if (wanted) photos = photoChanges(current.photos, wanted, problems);
  }
  if (problems.length > 0) throw new InvalidFileError(source, problems);
  const plan: Plan = { ...fields, ...photos };

  if (opts.dryRun || !hasChanges(plan)) {
    if (ctx.json) await ctx.printJson(planJson(file, plan, false));
    else for (const line of planLines(file, plan)) ctx.out(line);
    if (opts.dryRun && hasChanges(plan)) throw new ExitStatus(EXIT.changes);
    return;
  }
  if (!ctx.json) for (const line of planLines(file, plan)) ctx.out(line);
  await execute(ctx, current, plan, file);
  if (ctx.json) await ctx.printJson(planJson(file, plan, true));
  else ctx.say(`Applied ${file}.`);
}

async function execute(ctx: Context, current: Current, plan: Plan, file: string): Promise<void> {
  const { client, me } = current;
  const again = `Run \`friender profile apply ${file}\` again to finish: it picks up from what is there now.`;
  if (Object.keys(plan.edit).length > 0) {
    // Saved only over the version read: another terminal's edit since then is a 412, not lost.
    const ifMatch: Record<string, string> = current.etag ? { 'if-match': current.etag } : {};
    await withProgress(ctx, 'Saving your profile…', () => client.submit(current.edit, plan.edit, linkOf(me, 'self')?.href, ifMatch));
    ctx.say(`Saved ${plan.fields.map((f) => f.field).join(', ')}.`);
  }
  let collection = current.photos;
  if (!collection) return;

  for (const r of plan.remove) {
    const photo = photosOf(collection).find((p) => p.id === r.id);
    const template = photo && templateOf(photo, 'delete');
    if (!photo || !template) throw new CliError(`The API offers no way to delete photo ${r.position}.`, [again]);
    await withProgress(ctx, `Removing photo ${r.position}…`, () => client.submit(template, undefined, linkOf(photo, 'self')?.href));
    ctx.say(`Removed photo ${r.position}${r.sha256 ? ` (sha256 ${r.sha256.slice(0, 12)}…)` : ''}.`);
  }
  if (plan.remove.length > 0) collection = await reloadPhotos(client, collection);

  const addedId = new Map<string, string>();
  if (plan.add.length > 0) {
    // As uploadFiles shows them: relative to where the command runs.
    const shown = plan.add.map((a) => path.relative(process.cwd(), a.path) || a.path);
    const outcome = await uploadFiles(ctx, client, collection, shown);
    collection = outcome.collection;
    for (const added of outcome.added) addedId.set(plan.add[shown.indexOf(added.file)]!.path, added.id);
    if (outcome.failed.length > 0) {
      throw new CliError(`${outcome.failed.length} of ${plan.add.length} photos could not be uploaded; the photos were not put in order.`, [again]);
    }
  }

  const order = plan.order.map((o) => ('id' in o ? o.id : addedId.get(o.path)!));
  for (const [i, id] of order.entries()) {
    const now = [...photosOf(collection)].sort((a, b) => Number(a.position) - Number(b.position));
    if (now[i]?.id === id) continue;
    const photo = now.find((p) => p.id === id);
    const template = photo && templateOf(photo, 'move');
    if (!photo || !template) throw new CliError('A photo to move is no longer there (changed elsewhere meanwhile?).', [again]);
    const reply = await withProgress(ctx, `Moving photo ${String(photo.position)} to ${i + 1}…`, () => client.submit(template, { position: i + 1 }, linkOf(photo, 'self')?.href));
    ctx.say(`Moved photo ${String(photo.position)} to position ${i + 1}.`);
    collection = reply.body as HalDocument;
  }
}
