import type { Readable } from 'node:stream';
import type { Context } from './context.js';
import { UsageError } from './errors.js';
import type { Validate } from './prompter.js';

/** The first line of a stream, without its line ending; reading stops at the first newline. */
export async function readFirstLine(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0].replace(/\r$/, '');
}

export interface PasswordOptions {
  passwordStdin?: boolean;
  /** Signup asks twice, so a typo does not lock the person out of a new account. */
  confirm?: boolean;
  message?: string;
  validate?: Validate;
  /** The command line to show when there is no terminal to ask on. */
  example: string;
}

/**
 * A password from `--password-stdin`, or a masked prompt on a terminal. Never from a flag
 * value: those end up in shell history and in `ps` output.
 */
export async function getPassword(ctx: Context, options: PasswordOptions): Promise<string> {
  if (options.passwordStdin) {
    const line = await readFirstLine(ctx.io.stdin);
    if (line === '') throw new UsageError('--password-stdin: the first line of stdin is empty.', [`For example: ${options.example}`]);
    return line;
  }
  if (!ctx.interactive) {
    throw new UsageError('A password is needed: pass --password-stdin and pipe it in (stdin is not a terminal, so nothing is asked).', [
      `For example: ${options.example}`,
    ]);
  }
  const prompter = ctx.prompter();
  const message = options.message ?? 'Password';
  for (;;) {
    const first = await prompter.password({ message, validate: options.validate });
    if (!options.confirm) return first;
    const again = await prompter.password({ message: 'Repeat the password' });
    if (again === first) return first;
    ctx.say('The passwords do not match; try again.');
  }
}
