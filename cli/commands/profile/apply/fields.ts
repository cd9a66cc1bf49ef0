import { checkText, choicesOf, isCalendarDay } from '../../../form.js';
import type { TemplateProperty } from '../../../hal.js';
import type { FieldPath, FileProblem } from './source.js';

/** The key of the file that lists photos; every other key is a field of the profile's edit template. */
export const PHOTOS_KEY = 'photos';
/** Account fields the edit template offers that a profile file does not export (one file may set up many accounts). */
export const NOT_EXPORTED = new Set(['email', 'birthDate']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'nothing (null)' : Array.isArray(v) ? 'a list' : isRecord(v) ? 'a mapping' : typeof v === 'string' ? 'text' : typeof v === 'number' ? 'a number' : typeof v);

/** One value against its template property: the limits the API states, so a bad file sends nothing. */
/** How the file wrote a value, when YAML read it as something else. */
type Written = (at: FieldPath) => string | undefined;

function checkValue(prop: TemplateProperty, value: unknown, at: FieldPath, problems: FileProblem[], written: Written, item = false): void {
  const fail = (message: string): void => void problems.push({ path: at, message });
  if (prop.multiple && !item) {
    if (!Array.isArray(value)) return fail(`must be a list, not ${kind(value)}`);
    if (prop.maxItems !== undefined && value.length > prop.maxItems) fail(`may have at most ${prop.maxItems} items (it has ${value.length})`);
    value.forEach((v, i) => checkValue(prop, v, [...at, i], problems, written, true));
    return;
  }
  if (prop.properties) {
    if (!isRecord(value)) return fail(`must be a mapping of ${prop.properties.map((p) => p.name).join(', ')}, not ${kind(value)}`);
    for (const key of Object.keys(value)) {
      if (!prop.properties.some((p) => p.name === key)) problems.push({ path: [...at, key], key: true, message: `is not a field here (these are: ${prop.properties.map((p) => p.name).join(', ')})` });
    }
    for (const sub of prop.properties) {
      if (value[sub.name] === undefined) {
        if (sub.required) problems.push({ path: [...at, sub.name], message: 'is missing' });
      } else checkValue(sub, value[sub.name], [...at, sub.name], problems, written);
    }
    return;
  }
  const choices = choicesOf(prop);
  if (choices) {
    if (typeof value !== 'string' || !choices.some((c) => c.value === value)) fail(`must be one of: ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
    return;
  }
  if (prop.type === 'checkbox') {
    if (typeof value !== 'boolean') fail(`must be true or false, not ${kind(value)}`);
    return;
  }
  if (prop.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`must be a number, not ${kind(value)}`);
    if (prop.step === 1 && !Number.isInteger(value)) return fail('must be a whole number');
    if (prop.min !== undefined && value < prop.min) fail(`must be at least ${prop.min}`);
    if (prop.max !== undefined && value > prop.max) fail(`must be at most ${prop.max}`);
    return;
  }
  // A ZIP code such as 02134 unquoted is the YAML number 2134: refused, not quietly changed.
  if (typeof value !== 'string') return fail(`must be text, not ${kind(value)}${typeof value === 'number' ? ` (quote it: "${written(at) ?? String(value)}")` : ''}`);
  if (prop.type === 'date' && !isCalendarDay(value)) return fail('must be a real date written YYYY-MM-DD');
  const problem = checkText(prop, value.trim());
  if (problem) fail(problem);
}

/**
 * The fields a file sets, checked against the edit template: names it does not offer and values
 * outside its limits are problems; what is left is the edit the file asks for.
 */
export function checkFields(file: Record<string, unknown>, properties: TemplateProperty[], problems: FileProblem[], written: Written = () => undefined): Record<string, unknown> {
  const wanted: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(file)) {
    if (name === PHOTOS_KEY) continue;
    const prop = properties.find((p) => p.name === name);
    if (!prop) {
      const offered = properties.map((p) => p.name).filter((n) => !NOT_EXPORTED.has(n));
      problems.push({ path: [name], key: true, message: `is not a profile field (the API's edit template offers: ${[...offered, PHOTOS_KEY].join(', ')})` });
      continue;
    }
    const before = problems.length;
    checkValue(prop, value, [name], problems, written);
    if (problems.length === before) wanted[name] = value;
  }
  return wanted;
}

const tag = (s: string) => s.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * A value as the API will keep it, for comparing only (what is sent is what the file says):
 * text trimmed, tags lower-cased once each, list items' text trimmed. Refinements the server
 * alone knows just cost one edit that changes nothing.
 */
export function comparable(prop: TemplateProperty | undefined, value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (!Array.isArray(value)) return value;
  if (prop?.multiple && !prop.properties) return [...new Set(value.map((v) => (typeof v === 'string' ? tag(v) : v)))];
  return value.map((item) => (isRecord(item) ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) : item));
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isRecord(value)) return value ?? null;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
}

export { isRecord };
