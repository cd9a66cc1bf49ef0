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

/** The user pressed Ctrl-C at a prompt or declined a confirmation (exit 1). */
export class CancelledError extends CliError {}

export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, noMatch: 4 } as const;

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
  return EXIT.failure;
}
