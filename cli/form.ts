import type { TemplateProperty } from './hal.js';
import type { Prompter } from './prompter.js';

/** A comma-separated flag or answer as a list: trimmed, blanks dropped ("" is the empty list). */
export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function regexOf(prop: TemplateProperty): RegExp | undefined {
  if (!prop.regex) return undefined;
  try {
    // HAL-FORMS regex follows JSON Schema patterns: ECMAScript with Unicode semantics.
    return new RegExp(prop.regex, 'u');
  } catch {
    return undefined; // a pattern JavaScript cannot read is the server's to enforce
  }
}

/** Checks one text value against the template's limits; undefined when it fits. */
export function checkText(prop: TemplateProperty, value: string): string | undefined {
  if (prop.minLength !== undefined && value.length < prop.minLength) {
    return prop.minLength === 1 ? 'may not be empty' : `needs at least ${prop.minLength} characters`;
  }
  if (prop.maxLength !== undefined && value.length > prop.maxLength) return `may have at most ${prop.maxLength} characters`;
  const regex = regexOf(prop);
  if (regex && !regex.test(value)) return `must match ${prop.regex}`;
  if (prop.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'must be an email address';
  return undefined;
}

export interface Choice {
  prompt: string;
  value: string;
}

/** The choices an options property offers (HAL-FORMS inline options); undefined when it takes any text. */
export function choicesOf(prop: TemplateProperty): Choice[] | undefined {
  const inline = prop.options?.inline;
  if (!Array.isArray(inline) || inline.length === 0) return undefined;
  return inline.map((o) => (typeof o === 'string' ? { prompt: o, value: o } : { prompt: o.prompt ?? o.value, value: o.value }));
}

/** "1 spam, 2 harassment, …": what to type, by number or by name. */
export function choicesHint(choices: Choice[]): string {
  return choices.map((c, i) => `${i + 1} ${c.prompt}`).join(', ');
}

/** A choice typed by its number or its value or prompt (case aside). */
function parseChoice(prop: TemplateProperty, choices: Choice[], raw: string): Parsed {
  const text = raw.trim();
  if (text === '' && !prop.required) return { ok: true, value: undefined };
  const lower = text.toLowerCase();
  const found = /^\d+$/.test(text) ? choices[Number(text) - 1] : choices.find((c) => c.value.toLowerCase() === lower || c.prompt.toLowerCase() === lower);
  return found ? { ok: true, value: found.value } : { ok: false, message: `must be one of: ${choices.map((c) => c.value).join(', ')}` };
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Turns a typed answer into the value the template asks for, checking the limits the
 * template states (the server enforces the same ones) so a mistake is caught before sending.
 */
export function parseAnswer(prop: TemplateProperty, raw: string): Parsed {
  const choices = choicesOf(prop);
  if (choices && !prop.multiple) return parseChoice(prop, choices, raw);
  if (prop.multiple) {
    const items = splitList(raw).map((item) => item.toLowerCase());
    if (prop.maxItems !== undefined && items.length > prop.maxItems) return { ok: false, message: `at most ${prop.maxItems} items` };
    for (const item of items) {
      const problem = checkText(prop, item);
      if (problem) return { ok: false, message: `"${item}" ${problem}` };
    }
    return { ok: true, value: [...new Set(items)] };
  }
  if (prop.type === 'number') {
    const text = raw.trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) return { ok: false, message: 'must be a number' };
    if (prop.min !== undefined && n < prop.min) return { ok: false, message: `must be at least ${prop.min}` };
    if (prop.max !== undefined && n > prop.max) return { ok: false, message: `must be at most ${prop.max}` };
    return { ok: true, value: n };
  }
  if (prop.type === 'checkbox') return parseYesNo(raw);
  const value = prop.type === 'password' ? raw : raw.trim();
  if (prop.type === 'date' && value !== '' && !isCalendarDay(value)) return { ok: false, message: 'must be a real date written YYYY-MM-DD' };
  if (value === '' && !prop.required && prop.minLength === undefined) return { ok: true, value };
  const problem = checkText(prop, value);
  return problem ? { ok: false, message: problem } : { ok: true, value };
}

const YES = new Set(['y', 'yes', 'true', 'on']);
const NO = new Set(['n', 'no', 'false', 'off']);

/** A checkbox answered in words: yes/no (y/n, true/false, on/off). */
export function parseYesNo(raw: string): Parsed {
  const word = raw.trim().toLowerCase();
  if (YES.has(word)) return { ok: true, value: true };
  if (NO.has(word)) return { ok: true, value: false };
  return { ok: false, message: 'answer yes or no' };
}

/** YYYY-MM-DD naming a day that exists (no 31 April, 29 February only in leap years). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/** How a current value is shown as an editable default. */
export function asDefault(prop: TemplateProperty): string | undefined {
  const value = prop.value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** The same value, whatever order an object's keys come in. */
function same(a: unknown, b: unknown): boolean {
  const sorted = (_key: string, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v);
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
}

const STOP = '';

/**
 * A list whose items are objects (prompts: a question and an answer), item by item: a field with
 * options is chosen from them (a value already used in the list is not offered again), any other
 * is typed. The first field's choices end with "no more", which ends the list. Enter keeps each
 * current item, so the list as it was is one Enter per field away.
 */
async function askItems(prompter: Prompter, prop: TemplateProperty, fields: TemplateProperty[]): Promise<Array<Record<string, unknown>>> {
  const current = Array.isArray(prop.value) ? (prop.value as Array<Record<string, unknown>>) : [];
  const items: Array<Record<string, unknown>> = [];
  const max = prop.maxItems ?? current.length + 1;
  const label = prop.prompt ?? prop.name;
  for (let i = 0; i < max; i += 1) {
    const item: Record<string, unknown> = {};
    const was = current[i];
    for (const [f, field] of fields.entries()) {
      const message = `${label} — ${i + 1} of ${max}: ${field.prompt ?? field.name}`;
      const before = was && fields.slice(0, f).every((k) => same(item[k.name], was[k.name])) ? was[field.name] : undefined;
      if (field.options) {
        const used = new Set(items.map((it) => it[field.name]));
        const choices = (choicesOf(field) ?? []).filter((c) => !used.has(c.value)).map((c) => ({ name: c.prompt, value: c.value }));
        if (f === 0) choices.push({ name: i === 0 ? '(none)' : '(no more)', value: STOP });
        const fallback = f === 0 ? STOP : undefined;
        const value = await prompter.select({ message, choices, default: choices.some((c) => c.value === before) ? String(before) : fallback });
        if (f === 0 && value === STOP) return items;
        item[field.name] = value;
      } else {
        const validate = (raw: string): true | string => {
          const parsed = parseAnswer(field, raw);
          return parsed.ok ? true : parsed.message;
        };
        const parsed = parseAnswer(field, await prompter.input({ message, default: typeof before === 'string' ? before : undefined, validate }));
        if (parsed.ok) item[field.name] = parsed.value;
      }
    }
    items.push(item);
  }
  return items;
}

/**
 * Asks for every property of a template, current values as defaults, and returns only
 * what changed. An answer left empty for a field that has no value yet leaves it unset.
 */
export async function askForm(prompter: Prompter, properties: TemplateProperty[]): Promise<Record<string, unknown>> {
  const changes: Record<string, unknown> = {};
  for (const prop of properties) {
    if (prop.multiple && prop.properties?.length) {
      const items = await askItems(prompter, prop, prop.properties);
      if (!same(items, prop.value ?? [])) changes[prop.name] = items;
      continue;
    }
    const choices = choicesOf(prop);
    const label = choices && !prop.multiple ? `${prop.prompt ?? prop.name} (${choicesHint(choices)})` : (prop.prompt ?? prop.name);
    const unset = prop.value === undefined || prop.value === null;
    const keepUnset = (raw: string) => unset && raw.trim() === '' && !prop.required;
    const validate = (raw: string): true | string => {
      if (keepUnset(raw)) return true;
      const parsed = parseAnswer(prop, raw);
      return parsed.ok ? true : parsed.message;
    };
    const raw =
      prop.type === 'password'
        ? await prompter.password({ message: label, validate })
        : await prompter.input({ message: prop.multiple ? `${label}, separated by commas` : prop.type === 'checkbox' ? `${label} (yes/no)` : label, default: asDefault(prop), validate });
    if (keepUnset(raw)) continue;
    const parsed = parseAnswer(prop, raw);
    if (parsed.ok && !same(parsed.value, prop.value)) changes[prop.name] = parsed.value;
  }
  return changes;
}
