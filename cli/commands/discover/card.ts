import { embeddedList, fieldsOf, linkOf, type HalDocument } from '../../hal.js';
import type { Paint } from '../../paint.js';
import { wrap } from '../../text.js';

export interface Shared {
  hobbies: string[];
  interests: string[];
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

export function sharedOf(person: HalDocument): Shared {
  const shared = (person.shared ?? {}) as Partial<Shared>;
  return { hobbies: list(shared.hobbies), interests: list(shared.interests) };
}

export function photosOf(person: HalDocument): HalDocument[] {
  return embeddedList(person, 'photos');
}

export const miles = (person: HalDocument) => (person.distance === 0 ? 'under a mile away' : `${String(person.distance)} mile${person.distance === 1 ? '' : 's'} away`);

/** The name as a card heads it: with the age beside it when the API gives one ("sam, 34"). */
export const nameOf = (person: HalDocument) => `${String(person.username)}${typeof person.age === 'number' ? `, ${person.age}` : ''}`;

/** Tags with the shared ones stand out: bold green in colour, a leading * without. */
export function tags(all: string[], shared: string[], paint: Paint, colour: boolean): string {
  if (all.length === 0) return paint.dim('—');
  return all.map((tag) => (shared.includes(tag) ? (colour ? paint.bold(paint.green(tag)) : `*${tag}`) : tag)).join(', ');
}

export interface Prompt {
  question: string;
  answer: string;
}

export function promptsOf(person: HalDocument): Prompt[] {
  const list = Array.isArray(person.prompts) ? (person.prompts as Array<Partial<Prompt>>) : [];
  return list.filter((p): p is Prompt => typeof p?.question === 'string' && typeof p.answer === 'string');
}

/** Each prompt on a line: the question dim, the answer as written. */
export const promptLines = (prompts: Prompt[], paint: Paint): string[] => prompts.map((p) => `${paint.dim(p.question)} ${p.answer}`);

/** The words of a card: name, age and distance, bio (wrapped to `width`), then hobbies and interests with what is shared. */
export function cardText(person: HalDocument, paint: Paint, colour: boolean, width = 80): string[] {
  const shared = sharedOf(person);
  const count = shared.hobbies.length + shared.interests.length;
  const lines = [`${paint.bold(nameOf(person))}  ${paint.dim(miles(person))}${count ? `  ${paint.green(`${count} in common`)}` : ''}`];
  if (typeof person.bio === 'string' && person.bio.trim()) lines.push(...wrap(person.bio.trim(), Math.max(20, width)));
  lines.push(`Hobbies:   ${tags(list(person.hobbies), shared.hobbies, paint, colour)}`);
  lines.push(`Interests: ${tags(list(person.interests), shared.interests, paint, colour)}`);
  // Wrapped as plain text (a colour code would count as width), the question dim on its first line.
  for (const p of promptsOf(person)) {
    const [first = '', ...rest] = wrap(`${p.question} ${p.answer}`, Math.max(20, width));
    lines.push(first.startsWith(p.question) ? `${paint.dim(p.question)}${first.slice(p.question.length)}` : first, ...rest);
  }
  return lines;
}

/** One line per person for lists: name and age, distance and what you share. */
export function personLine(person: HalDocument): string {
  const shared = sharedOf(person);
  const common = [...shared.hobbies, ...shared.interests];
  return `${nameOf(person).padEnd(24)} ${String(person.distance).padStart(4)} mi   ${common.length ? `shares ${common.join(', ')}` : 'nothing shared yet'}`;
}

/** A person for scripts: their fields and their photos' links. */
export function personJson(person: HalDocument): Record<string, unknown> {
  return {
    ...fieldsOf(person),
    photos: photosOf(person).map((p) => ({ ...fieldsOf(p), image: linkOf(p, 'image')?.href, thumbnail: linkOf(p, 'thumbnail')?.href })),
  };
}
