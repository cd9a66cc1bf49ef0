import type { Writable } from 'node:stream';
import { CliError, UsageError } from '../errors.js';
import { write } from '../io.js';
import { ANY_FIELDS, JSON_SHAPES, type JsonShape } from './json-fields.js';

/** What --json and --jq asked of one command's output. */
export interface JsonRequest {
  /** The command's path (`photos list`): which shape its output has. */
  command: string;
  /** `--json a,b`: the fields to keep; absent for a bare --json. */
  fields?: string[];
  jq?: string;
}

/** --json's value as commander gives it: true (bare), '' (bare, see json-flag.ts) or "a,b". */
export function fieldList(value: string | boolean | undefined): string[] | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.split(',').map((f) => f.trim()).filter(Boolean);
}

function unknownField(fields: string[], valid: readonly string[]): void {
  const unknown = fields.find((f) => !valid.includes(f));
  if (unknown !== undefined) throw new UsageError(`--json: unknown field "${unknown}".`, [`Available fields: ${valid.join(', ')}.`]);
}

/** Refuses a field list or --jq the command cannot honour: before it runs, so nothing is half done. */
export function checkFields(request: JsonRequest): void {
  if (!request.fields && request.jq === undefined) return;
  if (request.command === ANY_FIELDS) return;
  const shape = JSON_SHAPES[request.command];
  if (!shape) throw new UsageError(`\`friender ${request.command}\` prints no JSON, so it takes no --json fields or --jq.`);
  if (request.fields) unknownField(request.fields, shape.fields);
}

type Jq = typeof import('jq-wasm');
let jqModule: Promise<Jq> | undefined;
// The WebAssembly jq is 1 MB to compile: only a run with --jq pays for it.
const loadJq = () => (jqModule ??= import('jq-wasm'));

/** jq's error without its "jq: error" prefix (which would repeat --jq) or its count of errors. */
function jqMessage(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !/^jq: \d+ compile errors?$/.test(l));
  if (lines.length === 0) return 'jq failed.';
  lines[0] = lines[0]!.replace(/^jq: error(?: \(at [^)]*\))?: /, '').replace(/^jq: /, '');
  return lines.join('\n');
}

/** A syntax error in --jq is a usage error (exit 2), found before the command does anything. */
export async function checkJq(expression: string): Promise<void> {
  const { raw } = await loadJq();
  const result = await raw('null', expression, ['-c']);
  if (result.exitCode === 2 || result.exitCode === 3) throw new UsageError(`--jq: ${jqMessage(result.stderr)}`);
}

async function runJq(value: unknown, expression: string, stderr: Writable): Promise<unknown[]> {
  const { raw } = await loadJq();
  const result = await raw(JSON.stringify(value ?? null), expression, ['-c']);
  if (result.exitCode !== 0) throw new CliError(`--jq: ${jqMessage(result.stderr)}`);
  // `debug` and `stderr` in the expression write here, as they would with jq itself.
  if (result.stderr) write(stderr, result.stderr);
  // -c puts each result on one line, strings quoted: an empty string stays a result.
  return result.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

function pick(record: unknown, fields: string[]): Record<string, unknown> {
  const source = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  // A field the record lacks is null, so every record of a list has the same keys.
  return Object.fromEntries(fields.map((f) => [f, source[f] ?? null]));
}

function select(value: unknown, request: JsonRequest, shape: JsonShape | undefined, oneRecord: boolean): unknown {
  const { fields } = request;
  if (!fields) return value;
  if (!shape) {
    // `friender api`: the document's own keys are the fields.
    const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
    unknownField(fields, keys);
    return pick(value, fields);
  }
  if (shape.list && !oneRecord) {
    const list = (value as Record<string, unknown>)[shape.list];
    return (Array.isArray(list) ? list : []).map((record) => pick(record, fields));
  }
  return pick(value, fields);
}

export interface JsonPrinter {
  /** One JSON document (pretty), after the field list and --jq. */
  document(value: unknown): Promise<void>;
  /** One record of an NDJSON stream (compact, one line), filtered the same way line by line. */
  line(value: unknown): Promise<void>;
}

/**
 * The one way --json output reaches stdout. Without a field list or --jq it prints exactly
 * what it is given; --jq prints each result as `jq -r` does (strings bare, as gh does).
 */
export function jsonPrinter(stdout: Writable, stderr: Writable, request: JsonRequest): JsonPrinter {
  const shape = JSON_SHAPES[request.command];
  const emit = async (value: unknown, compact: boolean, oneRecord: boolean) => {
    const selected = select(value, request, shape, oneRecord);
    const results = request.jq === undefined ? [selected] : await runJq(selected, request.jq, stderr);
    for (const result of results) {
      if (request.jq !== undefined && typeof result === 'string') write(stdout, result.endsWith('\n') ? `${result}\n` : result);
      else write(stdout, compact ? JSON.stringify(result) : JSON.stringify(result, null, 2));
    }
  };
  return { document: (value) => emit(value, false, false), line: (value) => emit(value, true, true) };
}
