import type { Io } from './io.js';
import { InterruptedError } from './errors.js';

export type Validate = (value: string) => true | string;

export interface InputQuestion {
  message: string;
  default?: string;
  validate?: Validate;
}

export interface PasswordQuestion {
  message: string;
  validate?: Validate;
}

export interface ConfirmQuestion {
  message: string;
  default?: boolean;
}

export interface SelectQuestion {
  message: string;
  choices: Array<{ name: string; value: string }>;
  default?: string;
}

/** Everything the CLI asks a person. Only used on a terminal; tests script the answers. */
export interface Prompter {
  input(question: InputQuestion): Promise<string>;
  password(question: PasswordQuestion): Promise<string>;
  confirm(question: ConfirmQuestion): Promise<boolean>;
  /** One of a fixed list (a HAL-FORMS property's options): the chosen value. */
  select(question: SelectQuestion): Promise<string>;
}

/**
 * Prompts through @inquirer/prompts, drawn on stderr so stdout stays data. Inquirer is
 * imported on the first question only: --help and whoami never load it.
 */
export function inquirerPrompter(io: Io): Prompter {
  const context = { input: io.stdin, output: io.stderr };
  const ask = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if ((err as Error)?.name === 'ExitPromptError') throw new InterruptedError('Cancelled.');
      throw err;
    }
  };
  return {
    input: (q) => ask(async () => (await import('@inquirer/prompts')).input({ message: q.message, default: q.default, validate: q.validate }, context)),
    password: (q) => ask(async () => (await import('@inquirer/prompts')).password({ message: q.message, mask: '*', validate: q.validate }, context)),
    confirm: (q) => ask(async () => (await import('@inquirer/prompts')).confirm({ message: q.message, default: q.default }, context)),
    select: (q) => ask(async () => (await import('@inquirer/prompts')).select({ message: q.message, choices: q.choices, default: q.default }, context)),
  };
}
