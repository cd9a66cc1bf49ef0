import type { Context } from '../../context.js';
import { fieldsOf, type HalDocument } from '../../hal.js';
import { flagForField } from '../../flags.js';
import { painter } from '../../paint.js';
import { promptLines, promptsOf } from '../discover/card.js';
import { snoozeLine } from '../snooze/state.js';

const LABELS: Record<string, string> = { birthDate: 'birth date', hobbies: 'hobbies', interests: 'interests', zipCode: 'ZIP code', friendRadius: 'friend radius' };

/** The profile as a person reads it, or its fields as JSON; says what is missing when incomplete. */
export async function printProfile(ctx: Context, me: HalDocument): Promise<void> {
  if (ctx.json) return ctx.printJson(fieldsOf(me));
  const paint = await painter(ctx.colorOut);
  const none = paint.dim('—');
  const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.join(', ') : none);
  const text = (v: unknown) => (v === null || v === undefined || v === '' ? none : String(v));
  const rows: Array<[string, string]> = [
    ['Bio', text(me.bio)],
    ['Hobbies', list(me.hobbies)],
    ['Interests', list(me.interests)],
    ['ZIP code', text(me.zipCode)],
    ['Radius', typeof me.friendRadius === 'number' ? `${me.friendRadius} miles` : none],
    ['Age', typeof me.age === 'number' ? `${me.age}${typeof me.birthDate === 'string' ? ` (born ${me.birthDate})` : ''}` : none],
  ];
  // Preferences an older API does not have are left out rather than shown as unset.
  if (typeof me.minAge === 'number' && typeof me.maxAge === 'number') rows.push(['Age range', `${me.minAge}–${me.maxAge}`]);
  if (typeof me.mutualRadius === 'boolean') rows.push(['Mutual', me.mutualRadius ? 'on: only people whose own radius and age range reach you too' : 'off']);
  if (typeof me.createdAt === 'string') rows.push(['Joined', me.createdAt.slice(0, 10)]);
  ctx.out(`${paint.bold(String(me.username))}${me.email ? ` <${String(me.email)}>` : ''}`);
  for (const [label, value] of rows) ctx.out(`  ${label.padEnd(10)} ${value}`);
  const prompts = promptsOf(me);
  if (prompts.length > 0) {
    ctx.out(`  Prompts`);
    for (const line of promptLines(prompts, paint)) ctx.out(`    ${line}`);
  }
  ctx.out('');
  const snooze = snoozeLine(me);
  if (snooze) ctx.out(paint.yellow(`${snooze}: hidden from every deck and not swiping (\`friender wake\` ends it).`));
  const missing = Array.isArray(me.missing) ? (me.missing as string[]) : [];
  if (me.complete === true || missing.length === 0) {
    ctx.out(paint.green('Complete: you can swipe.'));
    return;
  }
  ctx.out(paint.yellow(`Incomplete: missing ${missing.map((f) => LABELS[f] ?? f).join(', ')}.`));
  const flags = missing.map((f) => flagForField(f)).filter(Boolean);
  ctx.out(`Fill ${missing.length === 1 ? 'it' : 'them'} in with \`friender profile edit\`${flags.length ? ` (or ${flags.join(', ')})` : ''}.`);
}
