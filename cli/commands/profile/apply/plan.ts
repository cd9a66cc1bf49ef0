import type { HalDocument, TemplateProperty } from '../../../hal.js';
import { photosOf } from '../../photos/collection.js';
import { comparable, same } from './fields.js';
import type { WantedPhoto } from './photo-files.js';
import type { FileProblem } from './source.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** A photo in a plan: the file it comes from (as the profile file names it) and/or the photo already there. */
export interface PhotoRef {
  file?: string;
  id?: string;
  sha256: string | null;
}

export interface Plan {
  fields: FieldChange[];
  /** What to send to the edit template: the changed fields, as the file gives them. */
  edit: Record<string, unknown>;
  add: Array<PhotoRef & { path: string }>;
  remove: Array<PhotoRef & { position: number }>;
  /** Moves in the order they are made, after removals and uploads; positions as they are then. */
  move: Array<PhotoRef & { from: number; to: number }>;
  /** The photos in the file's order, each a kept photo's id or the file to upload. */
  order: Array<{ id: string } | { path: string }>;
}

export const hasChanges = (plan: Plan) => plan.fields.length + plan.add.length + plan.remove.length + plan.move.length > 0;

export function fieldChanges(me: HalDocument, properties: TemplateProperty[], wanted: Record<string, unknown>): Pick<Plan, 'fields' | 'edit'> {
  const fields: FieldChange[] = [];
  const edit: Record<string, unknown> = {};
  for (const [field, to] of Object.entries(wanted)) {
    const prop = properties.find((p) => p.name === field);
    const from = me[field] ?? null;
    if (same(comparable(prop, from), comparable(prop, to))) continue;
    fields.push({ field, from, to });
    edit[field] = to;
  }
  return { fields, edit };
}

/**
 * Which photo there is which photo wanted: by the hash of the file's bytes or the sha256 the
 * entry gives, else by id; each photo there answers one entry at most. A photo wanted without a
 * file must be there already, two entries may not be one photo, and the total must fit.
 */
export function photoChanges(collection: HalDocument, wanted: WantedPhoto[], problems: FileProblem[]): Pick<Plan, 'add' | 'remove' | 'move' | 'order'> {
  const there = photosOf(collection).map((p) => ({ id: String(p.id), sha256: typeof p.sha256 === 'string' ? p.sha256 : null, position: Number(p.position) }));
  const claimed = new Map<string, WantedPhoto>();
  const order: Plan['order'] = [];
  const add: Plan['add'] = [];
  const seenHashes = new Map<string, WantedPhoto>();
  for (const w of wanted) {
    const hashes = [w.hash, w.sha256].filter((h): h is string => h !== undefined);
    const twin = hashes.map((h) => seenHashes.get(h)).find(Boolean);
    if (twin) {
      problems.push({ path: w.at, message: `${w.file ?? w.sha256 ?? w.id} is the same photo as photos[${String(twin.at[1])}]${twin.file ? ` (${twin.file})` : ''}` });
      continue;
    }
    for (const h of hashes) seenHashes.set(h, w);
    const match = there.find((p) => !claimed.has(p.id) && ((p.sha256 !== null && hashes.includes(p.sha256)) || (w.id !== undefined && p.id === w.id)));
    if (match) {
      claimed.set(match.id, w);
      order.push({ id: match.id });
    } else if (w.path) {
      add.push({ file: w.file, path: w.path, sha256: w.hash! });
      order.push({ path: w.path });
    } else {
      problems.push({ path: w.at, message: `no photo of yours has ${w.sha256 ? `sha256 ${w.sha256}` : `id ${w.id}`}; give its file to upload it` });
    }
  }
  const max = Number(collection.max);
  if (Number.isFinite(max) && wanted.length > max) problems.push({ path: ['photos'], message: `lists ${wanted.length} photos; at most ${max} are allowed` });

  const remove = there.filter((p) => !claimed.has(p.id)).map((p) => ({ id: p.id, sha256: p.sha256, position: p.position }));
  // What the account will hold after removals and uploads (uploads go last), then moved into the file's order.
  const key = (o: Plan['order'][number]) => ('id' in o ? o.id : o.path);
  const list = [...there.filter((p) => claimed.has(p.id)).map((p) => p.id), ...add.map((a) => a.path)];
  const refOf = (k: string): PhotoRef => {
    const kept = there.find((p) => p.id === k);
    if (kept) return { file: claimed.get(k)?.file, id: kept.id, sha256: kept.sha256 };
    const added = add.find((a) => a.path === k)!;
    return { file: added.file, sha256: added.sha256 };
  };
  const move: Plan['move'] = [];
  order.forEach((o, to) => {
    const from = list.indexOf(key(o));
    if (from === to || from < 0) return;
    list.splice(from, 1);
    list.splice(to, 0, key(o));
    move.push({ ...refOf(key(o)), from: from + 1, to: to + 1 });
  });
  return { add, remove, move, order };
}
