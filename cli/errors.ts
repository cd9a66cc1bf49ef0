/**
 * The CLI's error family. Commands throw these; only bin/friender.ts turns them into a
 * process exit code (through exitCodeFor), so commands stay testable in-process.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
  _links?: Record<string, { href: string }>;
}

export class CliError extends Error {
  /** Extra lines printed after the message: what to do next. */
  readonly hints: string[];
  constructor(message: string, hints: string[] = []) {
    super(message);
    this.name = new.target.name;
    this.hints = hints;
  }
}

/** The command line itself is wrong or incomplete (exit 2). */
export class UsageError extends CliError {}

/** Not logged in, or the API rejected the token (exit 3). */
export class AuthError extends CliError {
  constructor(message: string, hints: string[] = ['Run `friender login` to log in.']) {
    super(message, hints);
  }
}

/** The API answered with a problem (exit 1, or 3 through AuthError for a 401). */
export class ApiError extends CliError {
  readonly problem: Problem;
  readonly retryAfter?: number;
  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** The API could not be reached at all (exit 1). */
export class ConnectionError extends CliError {}

/** The user declined a confirmation: nothing was done (exit 1). */
export class CancelledError extends CliError {}

/** The user pressed Ctrl-C (or Esc) at a prompt (exit 130, as a shell reports a command stopped by Ctrl-C). */
export class InterruptedError extends CancelledError {}

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, noMatch: 4, changes: 10, interrupted: 130 } as const;

/** The one table of exit codes: `friender --help`, `friender help exit-codes` and the README show it. */
export const EXIT_CODES: ReadonlyArray<[number, string]> = [
  [EXIT.ok, 'ok (also when a reader such as `head` closes the output early)'],
  [EXIT.failure, 'failure: the API refused, the network failed, a confirmation was declined'],
  [EXIT.usage, 'usage: a bad flag or argument, a value that needs a flag without a terminal, a terminal that cannot do it'],
  [EXIT.auth, 'not logged in, or the login was rejected'],
  [EXIT.noMatch, '`friender like` worked but made no match (yet)'],
  [EXIT.changes, '`friender profile apply --dry-run`: the plan has changes to make (0: nothing would change)'],
  [EXIT.interrupted, 'cancelled with Ctrl-C at a prompt'],
];

/** Not a failure: the command did its job and its answer is the exit code (as grep's 1 means "no match"). */
export class ExitStatus extends Error {
  readonly code: number;
  constructor(code: number) {
    super(`exit status ${code}`);
    this.code = code;
  }
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof ExitStatus) return err.code;
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof AuthError) return EXIT.auth;
  if (err instanceof InterruptedError) return EXIT.interrupted;
  return EXIT.failure;
}
