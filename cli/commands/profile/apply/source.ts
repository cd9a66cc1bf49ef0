import fs from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument, type Document } from 'yaml';
import { CliError } from '../../../errors.js';

/** Where a value sits in the file: `hobbies`, 2 is the third hobby. */
export type FieldPath = Array<string | number>;

export interface FileProblem {
  path: FieldPath;
  message: string;
  /** The problem is the key itself (a field that does not exist): point at it, not at its value. */
  key?: boolean;
}

/** `photos[1].file`, `prompts[0].question`: the field as a reader of the file would name it. */
export function fieldName(at: FieldPath): string {
  return at.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** A profile file read and parsed, able to say on which line any value of it is. */
export interface ProfileSource {
  /** As given on the command line: what messages name. */
  name: string;
  /** The folder photo paths are relative to. */
  dir: string;
  value: unknown;
  /** `line:column` of the value at `at` (of its key with `key`), or of the nearest enclosing one that exists. */
  where(at: FieldPath, key?: boolean): string;
  /** A scalar as written in the file (`02134`, which YAML reads as the number 2134). */
  written(at: FieldPath): string | undefined;
}

/** One error per line, each starting `file:line:column: field:` as compilers print them. */
export class InvalidFileError extends CliError {
  constructor(source: Pick<ProfileSource, 'name' | 'where'>, problems: FileProblem[]) {
    super(
      `${source.name} is not a valid profile file; nothing was changed.`,
      problems.map((p) => `${source.name}:${source.where(p.path, p.key)}: ${p.path.length ? `${fieldName(p.path)}: ` : ''}${p.message}`),
    );
  }
}

type Ranged = { range?: [number, number, number] | null } | null | undefined;

function locator(doc: Document, lines: LineCounter) {
  const pos = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  return (at: FieldPath, key = false): string => {
    if (key && at.length > 0) {
      const parent = at.length === 1 ? doc.contents : doc.getIn(at.slice(0, -1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === at[at.length - 1]) : undefined;
      const range = (pair?.key as Ranged)?.range;
      if (range) return pos(range[0]);
    }
    for (let n = at.length; n >= 0; n -= 1) {
      const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
      const range = (node as Ranged)?.range;
      if (range) return pos(range[0]);
    }
    return '1:1';
  };
}

/** Reads a profile file, YAML or JSON (JSON is YAML too); a syntax error names its line. */
export async function readSource(file: string): Promise<ProfileSource> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? err)}.`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const written = (at: FieldPath) => {
    const node = doc.getIn(at, true);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  };
  const source = { name: file, dir: path.dirname(path.resolve(file)), where: locator(doc, lines), written };
  if (doc.errors.length > 0) {
    throw new CliError(
      `${file} is not valid YAML or JSON; nothing was changed.`,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return `${file}:${at ? `${at.line}:${at.col}` : '1:1'}: ${e.message.split('\n')[0]}`;
      }),
    );
  }
  return { ...source, value: doc.toJS({ maxAliasCount: 50 }) as unknown };
}
