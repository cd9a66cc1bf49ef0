import type { Writable } from 'node:stream';
import { ApiError, CliError } from './errors.js';
import { flagForField } from './flags.js';
import { write } from './io.js';
import { painter } from './paint.js';

/** Seconds as a person would say them: a day's wait is not "86399 seconds". */
function duration(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  if (seconds < 2 * 3600) return `about ${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}

/** What to do next about a kind of problem the API names (the slug at the end of its type). */
const NEXT_STEPS: Record<string, string> = {
  snoozed: 'You are snoozed: run `friender wake` to swipe again.',
};

const slugOf = (type: string | undefined) => type?.split('/').pop() ?? '';

/**
 * Prints a failure on stderr: the API's `title: detail`, one line per field error
 * (naming the flag that sets it), then what to do next.
 */
export async function reportError(stderr: Writable, err: unknown, color: boolean): Promise<void> {
  const paint = await painter(color);
  if (!(err instanceof CliError)) {
    // A bug, not a user mistake: show the stack so it can be reported.
    write(stderr, paint.red(`Unexpected error: ${(err as Error)?.stack ?? String(err)}`));
    return;
  }
  write(stderr, paint.red(err.message));
  if (err instanceof ApiError) {
    for (const { field, message } of err.problem.errors ?? []) {
      const flag = flagForField(field);
      write(stderr, `  ${paint.bold(field)}${flag ? ` (${flag})` : ''}: ${message}`);
    }
    if (err.retryAfter !== undefined) write(stderr, paint.dim(`Retry after ${duration(err.retryAfter)}.`));
    const next = NEXT_STEPS[slugOf(err.problem.type)];
    if (next) write(stderr, next);
  }
  for (const hint of err.hints) write(stderr, paint.dim(hint));
}
