import type { Context } from './context.js';

const DELAY_MS = 150;

/** A spinner redraws its line with cursor moves: only on a real terminal that is not TERM=dumb. */
function spins(ctx: Context): boolean {
  // A test's fake TTY is a PassThrough: it says "TTY" but cannot draw a spinner.
  return ctx.io.isStderrTTY && (ctx.io.stderr as { isTTY?: boolean }).isTTY === true && !ctx.dumb;
}

/**
 * Runs a slow step with a spinner on stderr — only on a real terminal, and only when the
 * step takes long enough to notice, so fast answers do not flicker. ora loads lazily.
 */
export async function withProgress<T>(ctx: Context, text: string, task: () => Promise<T>): Promise<T> {
  if (!spins(ctx)) return task();
  let spinner: { stop(): void } | undefined;
  let done = false;
  const timer = setTimeout(() => {
    void import('ora').then(({ default: ora }) => {
      if (!done) spinner = ora({ text, stream: ctx.io.stderr as NodeJS.WriteStream, color: ctx.colorErr ? 'cyan' : false, discardStdin: false }).start();
    });
  }, DELAY_MS);
  try {
    return await task();
  } finally {
    done = true;
    clearTimeout(timer);
    spinner?.stop();
  }
}

/** Reports a run of steps (one per file): a live spinner line on a terminal, plain lines elsewhere. */
export interface StepReporter {
  /** The running step's live text (progress); shown only on a terminal. */
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export async function stepReporter(ctx: Context): Promise<StepReporter> {
  if (!spins(ctx)) return { update: () => {}, succeed: (text) => ctx.say(text), fail: (text) => ctx.say(text) };
  const { default: ora } = await import('ora');
  const spinner = ora({ stream: ctx.io.stderr as NodeJS.WriteStream, color: ctx.colorErr ? 'cyan' : false, discardStdin: false });
  return {
    update(text) {
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
    },
    succeed: (text) => void spinner.succeed(text),
    fail: (text) => void spinner.fail(text),
  };
}
