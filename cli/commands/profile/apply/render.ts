import type { Plan, PhotoRef } from './plan.js';
import { hasChanges } from './plan.js';

const shown = (value: unknown): string => {
  if (value === null || value === undefined) return '(none)';
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'object' && v !== null ? Object.values(v).map(String).join(' = ') : String(v))).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
};

/** "pics/a.jpg", or a photo there without its file: "photo 2 (sha256 3f2a9c01…)". */
function label(ref: PhotoRef, position?: number): string {
  if (ref.file) return ref.file;
  const hash = ref.sha256 ? `sha256 ${ref.sha256.slice(0, 12)}…` : `id ${ref.id ?? '?'}`;
  return position !== undefined ? `photo ${position} (${hash})` : `photo (${hash})`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The plan as a person reads it, terraform-style: ~ changed, + added, - removed, ↕ moved. */
export function planLines(file: string, plan: Plan): string[] {
  if (!hasChanges(plan)) return [`${file}: nothing to change; your profile and photos already match it.`];
  const lines = [`Plan for ${file}:`];
  for (const f of plan.fields) lines.push(`  ~ ${f.field}: ${shown(f.from)} → ${shown(f.to)}`);
  for (const r of plan.remove) lines.push(`  - remove ${label(r, r.position)}`);
  for (const a of plan.add) lines.push(`  + upload ${label(a)}`);
  for (const m of plan.move) lines.push(`  ↕ move ${label(m)}: position ${m.from} → ${m.to}`);
  lines.push(summary(plan));
  return lines;
}

export function summary(plan: Plan): string {
  const parts = [
    plural(plan.fields.length, 'field'),
    `${plural(plan.add.length, 'photo')} to upload`,
    `${plan.remove.length} to remove`,
    `${plan.move.length} to move`,
  ];
  return `${parts.join(', ')}.`;
}

/** The plan for scripts (`--json`): what `--dry-run --json` prints, and what was done without it. */
export function planJson(file: string, plan: Plan, applied: boolean): Record<string, unknown> {
  const ref = (r: PhotoRef) => ({ file: r.file ?? null, id: r.id ?? null, sha256: r.sha256 });
  return {
    file,
    changed: hasChanges(plan),
    applied,
    fields: plan.fields,
    photos: {
      add: plan.add.map(ref),
      remove: plan.remove.map((r) => ({ ...ref(r), position: r.position })),
      move: plan.move.map((m) => ({ ...ref(m), from: m.from, to: m.to })),
    },
  };
}
