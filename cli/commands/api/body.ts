import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError } from '../../errors.js';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A file's text, or stdin's for `-`; a missing file is the user's to fix (exit 2). */
export async function readSource(name: string, stdin: Readable, flag: string): Promise<string> {
  if (name === '-') return readAll(stdin);
  try {
    return await readFile(name, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${name} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
}

/**
 * A -f value as gh's --field types it: true, false, null and numbers are JSON literals,
 * `@file` is that file's text (`@-` stdin), anything else a string.
 */
async function typed(raw: string, stdin: Readable): Promise<unknown> {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.startsWith('@')) return (await readSource(raw.slice(1), stdin, '--field')).replace(/\n$/, '');
  return raw;
}

/** `-f key=value` pairs as one JSON object; `key[]=value` appends to a list (tags). */
export async function fieldsBody(pairs: string[], stdin: Readable): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--field: "${pair}" is not key=value.`, ['For example: friender api me -X PATCH -f bio="hi there" -f hobbies[]=chess']);
    const key = pair.slice(0, eq);
    const value = await typed(pair.slice(eq + 1), stdin);
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const list = Array.isArray(body[name]) ? (body[name] as unknown[]) : [];
      body[name] = [...list, value];
    } else body[key] = value;
  }
  return body;
}

/** A GET's fields go in the query string instead, as gh does. */
export function withQuery(href: string, base: URL, body: Record<string, unknown>): string {
  const url = new URL(href, base);
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  // Stay relative to the API when the link was, so the login is sent as before.
  return url.origin === base.origin ? `${url.pathname}${url.search}` : url.href;
}
