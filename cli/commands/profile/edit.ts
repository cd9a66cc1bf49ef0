import type { Context } from '../../context.js';
import { ApiError, CliError, UsageError, type FieldProblem } from '../../errors.js';
import type { Reply } from '../../hal-client.js';
import { askForm, choicesOf, splitList } from '../../form.js';
import { linkOf, templateOf, type HalDocument, type TemplateProperty } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { printProfile } from './render.js';

export interface EditOptions {
  email?: string;
  bio?: string;
  hobbies?: string;
  interests?: string;
  zip?: string;
  radius?: string;
  birthDate?: string;
  minAge?: string;
  maxAge?: string;
  /** --mutual-radius (true) or --no-mutual-radius (false); neither leaves it as it is. */
  mutualRadius?: boolean;
  /** --read-receipts (true) or --no-read-receipts (false): off also hides others' (fair both ways). */
  readReceipts?: boolean;
  /** --prompt "question=answer", repeated. */
  prompt?: string[];
  /** false with --no-prompts. */
  prompts?: boolean;
}

/** Each flag and the template property it sets. */
const FIELDS: Array<[Exclude<keyof EditOptions, 'prompt' | 'prompts'>, string, string]> = [
  ['email', 'email', '--email'],
  ['bio', 'bio', '--bio'],
  ['hobbies', 'hobbies', '--hobbies a,b'],
  ['interests', 'interests', '--interests c,d'],
  ['zip', 'zipCode', '--zip'],
  ['radius', 'friendRadius', '--radius'],
  ['birthDate', 'birthDate', '--birth-date'],
  ['minAge', 'minAge', '--min-age'],
  ['maxAge', 'maxAge', '--max-age'],
  ['mutualRadius', 'mutualRadius', '--mutual-radius'],
  ['readReceipts', 'readReceipts', '--[no-]read-receipts'],
];

const EXAMPLE = 'friender profile edit --hobbies hiking,chess --interests jazz --zip 10001 --radius 25';

export async function edit(ctx: Context, opts: EditOptions): Promise<void> {
  if (opts.prompt !== undefined && opts.prompts === false) throw new UsageError('Give --prompt or --no-prompts, not both.');
  const promptsGiven = opts.prompt !== undefined || opts.prompts === false;
  const given = FIELDS.filter(([option]) => opts[option] !== undefined);
  if (given.length === 0 && !promptsGiven && !ctx.interactive) {
    throw new UsageError(`Nothing to change: pass one or more of ${[...FIELDS.map(([, , flag]) => flag), '--prompt q=a', '--no-prompts'].join(', ')} (stdin is not a terminal, so no form is shown).`, [
      `For example: ${EXAMPLE}`,
    ]);
  }
  const { client, root } = await openSession(ctx);
  const read = await withProgress(ctx, 'Loading your profile…', () => client.read(root, 'me'));
  const me = (read.body ?? {}) as HalDocument;
  const template = templateOf(me, 'edit');
  if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no way to edit this profile.`);
  const properties = template.properties ?? [];

  let changes: Record<string, unknown>;
  const byFlags = given.length > 0 || promptsGiven;
  if (byFlags) {
    changes = Object.fromEntries(given.map(([option, field, flag]) => [field, fromFlag(properties, field, flag, opts[option]!)]));
    if (promptsGiven) changes.prompts = promptsFromFlags(properties, opts.prompt ?? []);
  } else {
    ctx.say('Edit your profile; Enter keeps the current value.');
    changes = await askForm(ctx.prompter(), properties);
    if (Object.keys(changes).length === 0) {
      ctx.say('Nothing changed.');
      if (ctx.json) await printProfile(ctx, me);
      else await offerPhotos(ctx, client, me);
      return;
    }
  }
  // Saved only over the version read: another terminal's edit since then is a 412, not lost.
  const etag = read.headers.etag;
  const ifMatch: Record<string, string> = typeof etag === 'string' ? { 'if-match': etag } : {};
  const save = () => withProgress(ctx, 'Saving…', () => client.submit(template, changes, linkOf(me, 'self')?.href, ifMatch));
  let reply = await save().catch((err: unknown) => err);
  // In the form, what only the server can check (a ZIP code that does not exist, an email in use)
  // costs no answer: every other answer is kept and only the refused fields are asked again.
  for (let refused = !byFlags ? refusedIn(reply, properties) : []; refused.length > 0; refused = refusedIn(reply, properties)) {
    for (const { field, message } of refused) ctx.say(`${labelOf(properties, field)}: ${message} (you gave ${show(changes[field])}).`);
    const names = new Set(refused.map((r) => r.field));
    for (const name of names) delete changes[name];
    Object.assign(changes, await askForm(ctx.prompter(), properties.filter((p) => names.has(p.name))));
    if (Object.keys(changes).length === 0) {
      ctx.say('Nothing changed.');
      return;
    }
    reply = await save().catch((err: unknown) => err);
  }
  if (reply instanceof Error) throw reply;
  ctx.say('Profile saved.');
  const saved = ((reply as Reply).body ?? (await client.follow(root, 'me'))) as HalDocument;
  await printProfile(ctx, saved);
  // The form, not flags: a person is at the keyboard and may want to add photos too.
  if (!byFlags) await offerPhotos(ctx, client, saved);
}

/** The fields a refusal names, when each is one the form asks for (else it is no one answer's fault). */
function refusedIn(reply: unknown, properties: TemplateProperty[]): FieldProblem[] {
  if (!(reply instanceof ApiError) || reply.problem.status === 401) return [];
  const errors = (reply.problem.errors ?? []).map((e) => ({ field: e.field.split('.')[0]!, message: e.message }));
  return errors.length > 0 && errors.every((e) => properties.some((p) => p.name === e.field)) ? errors : [];
}

const labelOf = (properties: TemplateProperty[], field: string) => properties.find((p) => p.name === field)?.prompt ?? field;
const show = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));

async function offerPhotos(...args: Parameters<typeof import('../photos/offer.js').offerPhotos>): Promise<void> {
  const { offerPhotos: offer } = await import('../photos/offer.js');
  await offer(...args);
}

const plain = (q: string) => q.toLowerCase().replace(/(?:…|\.\.\.)\s*$/, '').replace(/[’']/g, "'").trim();

/**
 * `--prompt "Teach me=how to bake bread"`: the question is one of the edit template's options,
 * named by its first words (the trailing … may be left out); the answer is left to the server.
 */
export function promptsFromFlags(properties: TemplateProperty[], flags: string[]): Array<{ question: string; answer: string }> {
  const prop = properties.find((p) => p.name === 'prompts');
  const questions = (choicesOf(prop?.properties?.find((p) => p.name === 'question') ?? { name: 'question' }) ?? []).map((c) => c.value);
  if (!prop || questions.length === 0) throw new CliError('The API does not let you set prompts here (--prompt).');
  const list = questions.map((q) => `  ${q}`).join('\n');
  return flags.map((flag) => {
    const eq = flag.indexOf('=');
    if (eq < 0) throw new UsageError(`--prompt: "${flag}" needs a question, =, then your answer (for example --prompt "Teach me=how to bake bread").`);
    const asked = plain(flag.slice(0, eq));
    const found = asked === '' ? [] : questions.filter((q) => plain(q).startsWith(asked));
    const exact = found.filter((q) => plain(q) === asked);
    const question = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
    if (!question) throw new UsageError(`--prompt: "${flag.slice(0, eq)}" ${found.length > 1 ? 'matches more than one question' : 'is not one of the questions'}; choose one of:\n${list}`);
    return { question, answer: flag.slice(eq + 1) };
  });
}

/** A flag's text as the type the template states; limits are left to the server, which names the field. */
function fromFlag(properties: TemplateProperty[], field: string, flag: string, raw: string | boolean): unknown {
  const prop = properties.find((p) => p.name === field);
  if (!prop) {
    // A birth date is offered only while it is missing: the API's word for it is plainer than "no such field".
    if (field === 'birthDate') throw new UsageError('--birth-date: your birth date is already set and cannot be changed.');
    throw new CliError(`The API does not let you change ${field} here (${flag.split(' ')[0]}).`);
  }
  if (typeof raw === 'boolean') return raw;
  if (prop.multiple) return splitList(raw);
  if (prop.type === 'number') {
    const n = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${flag.split(' ')[0]}: "${raw}" is not a number.`);
    return n;
  }
  return raw;
}
