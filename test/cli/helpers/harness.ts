import { PassThrough } from 'node:stream';
import type { ConfigStore, StoredLogin } from '../../../cli/config-store.js';
import type { Factory } from '../../../cli/context.js';
import type { SettingKey, Settings } from '../../../cli/settings.js';
import { run } from '../../../cli/main.js';
import type { ConfirmQuestion, InputQuestion, PasswordQuestion, Prompter, SelectQuestion } from '../../../cli/prompter.js';

/** A login and settings store in memory: what conf would keep, without a file. */
export class MemoryConfigStore implements ConfigStore {
  readonly logins = new Map<string, StoredLogin>();
  readonly settings: Partial<Settings> = {};
  getLogin(apiUrl: string): StoredLogin | undefined {
    return this.logins.get(apiUrl);
  }
  setLogin(apiUrl: string, login: StoredLogin): void {
    this.logins.set(apiUrl, login);
  }
  deleteLogin(apiUrl: string): void {
    this.logins.delete(apiUrl);
  }
  getSetting<K extends SettingKey>(key: K): Settings[K] | undefined {
    return this.settings[key];
  }
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void {
    this.settings[key] = value;
  }
}

/** One scripted answer; `answer: undefined` presses Enter on the default. */
export interface Step {
  message: RegExp;
  answer?: string | boolean;
}

export interface Asked {
  kind: 'input' | 'password' | 'confirm' | 'select';
  message: string;
  default?: string | boolean;
  /** What the prompt's own validation said to answers it refused, in order. */
  refused: string[];
}

/**
 * Plays a person at a terminal: answers from a script, checks each question is the one
 * expected, and — like inquirer — asks again (taking the next step) while validation refuses.
 */
export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(private readonly script: Step[]) {}

  get unused(): Step[] {
    return this.script;
  }

  private step(kind: Asked['kind'], message: string): Step {
    const step = this.script.shift();
    if (!step) throw new Error(`unexpected ${kind} prompt: ${message}`);
    if (!step.message.test(message)) throw new Error(`expected a prompt matching ${step.message}, got ${kind}: ${message}`);
    return step;
  }

  private async ask(kind: 'input' | 'password', q: InputQuestion | PasswordQuestion): Promise<string> {
    const record: Asked = { kind, message: q.message, default: (q as InputQuestion).default, refused: [] };
    this.asked.push(record);
    for (;;) {
      const step = this.step(kind, q.message);
      const answer = step.answer === undefined ? ((q as InputQuestion).default ?? '') : String(step.answer);
      const verdict = q.validate ? q.validate(answer) : true;
      if (verdict === true) return answer;
      record.refused.push(verdict);
    }
  }

  input(q: InputQuestion): Promise<string> {
    return this.ask('input', q);
  }
  password(q: PasswordQuestion): Promise<string> {
    return this.ask('password', q);
  }
  /** Answers with a choice's value or name (undefined: Enter on the default, else the first choice). */
  async select(q: SelectQuestion): Promise<string> {
    this.asked.push({ kind: 'select', message: q.message, default: q.default, refused: [] });
    const step = this.step('select', q.message);
    if (step.answer === undefined) return q.default ?? q.choices[0]!.value;
    const choice = q.choices.find((c) => c.value === step.answer || c.name === step.answer);
    if (!choice) throw new Error(`"${String(step.answer)}" is not one of the choices: ${q.choices.map((c) => c.name).join(', ')}`);
    return choice.value;
  }

  async confirm(q: ConfirmQuestion): Promise<boolean> {
    this.asked.push({ kind: 'confirm', message: q.message, default: q.default, refused: [] });
    const step = this.step('confirm', q.message);
    return step.answer === undefined ? (q.default ?? false) : Boolean(step.answer);
  }
}

export interface CliOptions {
  /** Pretend stdin, stdout and stderr are a terminal. */
  tty?: boolean;
  stdin?: string;
  env?: Record<string, string | undefined>;
  answers?: Step[];
  store?: ConfigStore;
  /** Called with stdout so far whenever it grows: a command that runs until stopped is watched through this. */
  onStdout?: (text: string) => void;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  prompter: ScriptedPrompter;
  store: ConfigStore;
}

function capture(onText?: (text: string) => void): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    onText?.(text);
  });
  return { stream, text: () => text };
}

/** Runs the CLI in-process, the way bin/friender.ts does, with every outside part replaced. */
export async function cli(argv: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = capture(options.onStdout);
  const stderr = capture();
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else if (!options.tty) stdin.end();
  const prompter = new ScriptedPrompter([...(options.answers ?? [])]);
  const store = options.store ?? new MemoryConfigStore();
  const tty = options.tty === true;
  const factory: Factory = {
    io: { stdin, stdout: stdout.stream, stderr: stderr.stream, isStdinTTY: tty, isStdoutTTY: tty, isStderrTTY: tty, color: true },
    env: { ...options.env },
    prompter: () => prompter,
    configStore: async () => store,
  };
  const code = await run(argv, factory);
  // Let the PassThroughs deliver what was written before reading it.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text(), prompter, store };
}

/** A store (a fresh memory one unless given) that already holds a login for this API. */
export function storeWith(apiUrl: string, login: { username: string; token: string }, store = new MemoryConfigStore()): MemoryConfigStore {
  store.setLogin(apiRoot(apiUrl), { ...login, savedAt: '2026-01-01T00:00:00.000Z' });
  return store;
}

/** The key the CLI files a login under: the normalised root URL. */
export function apiRoot(url: string): string {
  return new URL(url).href;
}

/** An ANSI colour sequence (ESC [ … m). */
export const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`);
