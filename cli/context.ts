import type { Io } from './io.js';
import { write } from './io.js';
import type { Prompter } from './prompter.js';
import type { ConfigStore } from './config-store.js';
import type { HalClient } from './hal-client.js';
import { UsageError } from './errors.js';
import { fieldList, jsonPrinter } from './output/json-output.js';
import { colourFor, isDumb } from './colour.js';

export const DEFAULT_API_URL = 'http://localhost:3000';

/** What the outside world hands the CLI: streams, environment, and the parts tests replace. */
export interface Factory {
  io: Io;
  env: Record<string, string | undefined>;
  prompter(): Prompter;
  configStore(): Promise<ConfigStore>;
}

export interface GlobalOptions {
  api?: string;
  /** true for a bare --json, else its field list ("" is bare too: see output/json-options.ts). */
  json?: boolean | string;
  jq?: string;
  color?: boolean;
  debug?: boolean;
}

/** Everything a command needs, built once per run from the factory and the global flags. */
export interface Context {
  io: Io;
  env: Record<string, string | undefined>;
  /** The API root, normalised (it is also the key of the stored login). */
  apiUrl: string;
  json: boolean;
  /** Prompts are allowed: stdin and stderr are both terminals. */
  interactive: boolean;
  colorOut: boolean;
  colorErr: boolean;
  /** TERM=dumb: no cursor movement, no alternate screen, no spinners. */
  dumb: boolean;
  /** Trace each HTTP exchange on stderr (--debug or FRIENDER_DEBUG=api). */
  debug: boolean;
  prompter(): Prompter;
  store(): Promise<ConfigStore>;
  /** A HAL client for the API root; undici is imported on first use. */
  client(token?: string): Promise<HalClient>;
  /** A line of data on stdout. */
  out(text: string): void;
  /** A line of chatter on stderr. */
  say(text: string): void;
  /** Machine output for --json: every command's JSON goes through here (field list, --jq). */
  printJson(value: unknown): Promise<void>;
  /** One record of an NDJSON stream, filtered the same way. */
  printJsonLine(value: unknown): Promise<void>;
}

export function normaliseApiUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--api: "${raw}" is not a URL (for example http://localhost:3000).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--api: "${raw}" must be an http or https URL.`);
  url.hash = '';
  url.search = '';
  return url.href;
}

/** FRIENDER_DEBUG is a comma-separated list of what to trace; `api` (or 1, all) traces HTTP. */
export function debugApi(env: Record<string, string | undefined>): boolean {
  const topics = (env.FRIENDER_DEBUG ?? '').toLowerCase().split(/[\s,]+/);
  return topics.some((topic) => ['api', '1', 'true', 'all', '*'].includes(topic));
}

export function createContext(factory: Factory, options: GlobalOptions, command = ''): Context {
  const { io, env } = factory;
  const printer = jsonPrinter(io.stdout, io.stderr, { command, fields: fieldList(options.json), jq: options.jq });
  const apiUrl = normaliseApiUrl(options.api ?? (env.FRIENDER_API_URL || DEFAULT_API_URL));
  const debug = options.debug === true || debugApi(env);
  let store: Promise<ConfigStore> | undefined;
  let prompter: Prompter | undefined;
  return {
    io,
    env,
    apiUrl,
    // --jq filters JSON, so it asks for JSON as well.
    json: (options.json !== undefined && options.json !== false) || options.jq !== undefined,
    interactive: io.isStdinTTY && io.isStderrTTY,
    colorOut: io.color && colourFor(env, io.isStdoutTTY, options.color),
    colorErr: io.color && colourFor(env, io.isStderrTTY, options.color),
    dumb: isDumb(env),
    debug,
    prompter: () => (prompter ??= factory.prompter()),
    store: () => (store ??= factory.configStore()),
    async client(token?: string) {
      const { HalClient } = await import('./hal-client.js');
      if (!debug) return new HalClient(apiUrl, token);
      const { traceTo } = await import('./trace.js');
      return new HalClient(apiUrl, token, traceTo(io.stderr));
    },
    out: (text) => write(io.stdout, text),
    say: (text) => write(io.stderr, text),
    printJson: (value) => printer.document(value),
    printJsonLine: (value) => printer.line(value),
  };
}
