import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sizeText } from '../../photos/collection.js';
import { isRecord } from './fields.js';
import type { FieldPath, FileProblem } from './source.js';

/** One photo the file wants, in the file's order. */
export interface WantedPhoto {
  /** Where its entry is in the file (photos, i). */
  at: FieldPath;
  /** The path as the file gives it (a glob's match: relative to the file's folder), and resolved. */
  file?: string;
  path?: string;
  size?: number;
  /** SHA-256 (hex) of the file's bytes, as the API keeps it of an upload. */
  hash?: string;
  /** A hash or photo id the entry names, to keep a photo already there without its file. */
  sha256?: string;
  id?: string;
}

export interface UploadRules {
  /** The largest file accepted, in bytes (the upload template's maxSize). */
  maxSize?: number;
  /** Media types accepted (the upload template's accept). */
  accept: string[];
}

const GLOB = /[*?[]/;

/** The type by the file's own bytes, as the API decides it: never by its name. */
export function sniff(bytes: Buffer): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

/** One path segment's glob (`*`, `?`, `[abc]`) as a regular expression. */
function segmentRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The files a glob matches under `dir`, as paths relative to it, sorted; hidden files only when asked for by a leading dot. */
export async function expandGlob(dir: string, pattern: string): Promise<string[]> {
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let found: string[] = [parts[0] === '' ? '/' : ''];
  if (parts[0] === '') parts.shift();
  for (const [i, part] of parts.entries()) {
    const last = i === parts.length - 1;
    const next: string[] = [];
    for (const base of found) {
      const full = path.resolve(dir, base);
      if (!GLOB.test(part)) {
        next.push(base === '' ? part : path.join(base, part));
        continue;
      }
      const regex = segmentRegex(part);
      const entries = await fs.readdir(full, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        if (e.name.startsWith('.') && !part.startsWith('.')) continue;
        if (!regex.test(e.name)) continue;
        if (!last && !e.isDirectory()) continue;
        if (last && !e.isFile()) continue;
        next.push(base === '' ? e.name : path.join(base, e.name));
      }
    }
    found = next;
  }
  return found.sort();
}

/** Reads, checks and hashes one file: a regular, non-empty file of an accepted type by its bytes, within the size limit. */
async function readPhoto(dir: string, file: string, at: FieldPath, rules: UploadRules, problems: FileProblem[]): Promise<WantedPhoto | undefined> {
  const full = path.resolve(dir, file);
  const fail = (message: string) => void problems.push({ path: at, message: `${file}: ${message}` });
  let bytes: Buffer;
  try {
    const stat = await fs.stat(full);
    if (!stat.isFile()) return fail(stat.isDirectory() ? 'is a folder' : 'is not a regular file');
    if (stat.size === 0) return fail('is empty');
    if (rules.maxSize !== undefined && stat.size > rules.maxSize) return fail(`is too big (${sizeText(stat.size)}; a photo may be at most ${sizeText(rules.maxSize)})`);
    bytes = await fs.readFile(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `no such file (paths are relative to the profile file's folder, ${dir})` : code === 'EACCES' ? 'not readable (permission denied)' : `cannot be read (${String(code)})`);
  }
  const type = sniff(bytes);
  if (!type || !rules.accept.includes(type)) return fail(`is not ${rules.accept.length ? `a ${rules.accept.map((t) => t.replace('image/', '').toUpperCase()).join(', ')} image` : 'an accepted image'} (judged by its bytes, not its name)`);
  return { at, file, path: full, size: bytes.length, hash: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * The `photos` list of a file as the photos it wants, in order: a path or glob (relative to the
 * file; a glob's matches sorted), or a mapping with `file` and/or the `sha256` (or `id`) of a
 * photo already there. Every file is read and checked here, before anything is sent.
 */
export async function wantedPhotos(dir: string, list: unknown, rules: UploadRules, problems: FileProblem[]): Promise<WantedPhoto[] | undefined> {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) {
    problems.push({ path: ['photos'], message: 'must be a list of files (paths or globs, relative to this file) or of {file, sha256}' });
    return [];
  }
  const wanted: WantedPhoto[] = [];
  for (const [i, entry] of list.entries()) {
    const at: FieldPath = ['photos', i];
    if (typeof entry === 'string') {
      if (!GLOB.test(entry)) {
        const photo = await readPhoto(dir, entry, at, rules, problems);
        if (photo) wanted.push(photo);
        continue;
      }
      const matches = await expandGlob(dir, entry);
      if (matches.length === 0) problems.push({ path: at, message: `${entry}: matches no file (globs are relative to the profile file's folder, ${dir})` });
      for (const match of matches) {
        const photo = await readPhoto(dir, match, at, rules, problems);
        if (photo) wanted.push(photo);
      }
      continue;
    }
    if (!isRecord(entry)) {
      problems.push({ path: at, message: 'must be a path, a glob, or a mapping with file and/or sha256' });
      continue;
    }
    const before = problems.length;
    for (const key of Object.keys(entry)) if (!['file', 'sha256', 'id'].includes(key)) problems.push({ path: [...at, key], key: true, message: 'is not a photo field (these are: file, sha256, id)' });
    const { file, sha256, id } = entry;
    if (file !== undefined && typeof file !== 'string') problems.push({ path: [...at, 'file'], message: 'must be a path' });
    if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256))) problems.push({ path: [...at, 'sha256'], message: 'must be a SHA-256 in hex (64 characters)' });
    if (id !== undefined && typeof id !== 'string') problems.push({ path: [...at, 'id'], message: 'must be a photo id' });
    if (file === undefined && sha256 === undefined && id === undefined) problems.push({ path: at, message: 'needs a file, or the sha256 (or id) of a photo you have' });
    if (problems.length > before) continue;
    const photo: WantedPhoto | undefined = typeof file === 'string' ? await readPhoto(dir, file, [...at, 'file'], rules, problems) : { at };
    if (!photo) continue;
    wanted.push({ ...photo, at, ...(typeof sha256 === 'string' ? { sha256: sha256.toLowerCase() } : {}), ...(typeof id === 'string' ? { id } : {}) });
  }
  return wanted;
}
