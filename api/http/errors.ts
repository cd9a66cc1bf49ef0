import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpProblem, problems, problemType } from './problems.js';
import { originOf } from './origin.js';

export type Logger = Pick<Console, 'error' | 'info' | 'warn'>;

// Sequelize's names for "no connection": refused, timed out, host gone, no free connection in time.
const CONNECTION_ERRORS = /^Sequelize(Connection|ConnectionRefused|ConnectionAcquireTimeout|ConnectionTimedOut|HostNotFound|HostNotReachable|InvalidConnection)Error$/;
// What pg says when a connection dies under a query (the server was killed, restarted, or cut off).
const CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|read ECONNRESET|write EPIPE|connect ECONNREFUSED)/;
// SQLSTATEs that mean the server is going or not there yet: 08 connection exceptions,
// 57P01-57P03 shut down by an operator, crashed, cannot connect now (starting or recovering).
const CONNECTION_CODES = /^(08...|57P0[123])$/;

/** Whether the database was unreachable (or went away mid-request): a 503 to retry, never a 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string; original?: { code?: string; message?: string } } | undefined;
  if (!e) return false;
  const cause = e.original ?? e;
  return CONNECTION_ERRORS.test(e.name ?? '') || CONNECTION_CODES.test(cause.code ?? '') || CONNECTION_LOST.test(cause.message ?? '');
}

// Sequelize's own words for a query made after sequelize.close(): only a request cut at shutdown does that.
const POOL_CLOSED = 'ConnectionManager.getConnection was called after the connection manager was closed';
const isPoolClosed = (err: unknown) => (err as Error | undefined)?.message?.startsWith(POOL_CLOSED) === true;

/**
 * PostgreSQL errors that say the database cannot take work right now, not that the request is
 * wrong: disk_full, out_of_memory, too_many_connections, cannot_connect_now (starting up or
 * shutting down). The same request succeeds once it recovers.
 */
const DATABASE_UNAVAILABLE = new Set(['53100', '53200', '53300', '57P03']);

function classify(err: unknown, bodyLimit: string): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  const e = err as { type?: string; status?: number; name?: string; message?: string; original?: { code?: string }; parent?: { code?: string }; code?: unknown };
  if (e?.type === 'entity.parse.failed') return problems.malformedJson();
  if (e?.type === 'entity.too.large') return problems.tooLarge(bodyLimit);
  if (e?.type === 'charset.unsupported' || e?.type === 'encoding.unsupported') {
    return problems.unsupportedMediaType('UTF-8 application/json');
  }
  const code = e?.original?.code ?? e?.parent?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
  // Out of disk, memory or connections takes longer to clear than a restart: ask for a longer wait.
  if (code !== undefined && DATABASE_UNAVAILABLE.has(code)) {
    return problems.unavailable('Database unavailable', 'The database cannot be reached right now; try again shortly.', 5);
  }
  if (isDatabaseUnavailable(err)) {
    return problems.unavailable('Database unavailable', 'The database cannot be reached right now; try again shortly.', 2);
  }
  if (isPoolClosed(err)) return problems.unavailable('Shutting down', 'This server is stopping; try again.', 1);
  // Transient by nature: the same request succeeds when retried. Logged as a warning so it is still seen.
  if (e?.original?.code === '40P01' || e?.original?.code === '40001') {
    return problems.unavailable('Busy', 'The request collided with another one; try again.', 1);
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return problems.badRequest(String((err as Error).message));
  return undefined;
}

// A database outage fails every request: one line per this many seconds says so, with the count.
const OUTAGE_LOG_SECONDS = 30;

/** The one renderer: everything that goes wrong leaves as application/problem+json. */
export function problemRenderer(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  let outage = { loggedAt: 0, unlogged: 0 };
  return (err, req, res, _next) => {
    let problem = classify(err, bodyLimit);
    if (!problem) {
      logger.error(`${req.method} ${req.originalUrl} failed:`, err);
      problem = new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong on our side; it has been logged.');
    } else if (isPoolClosed(err)) {
      // Cut by the shutdown's grace period: the client is gone and the operator asked for it.
    } else if (isDatabaseUnavailable(err)) {
      const now = Date.now();
      if (now - outage.loggedAt < OUTAGE_LOG_SECONDS * 1000) outage.unlogged += 1;
      else {
        const more = outage.unlogged ? ` (and ${outage.unlogged} more answered 503 since the last such line)` : '';
        logger.warn(`database unavailable: ${req.method} ${req.originalUrl} answered 503: ${(err as Error).message}${more}`);
        outage = { loggedAt: now, unlogged: 0 };
      }
    } else if (problem.status >= 500) {
      // The client hears "try again"; the operator needs to know why.
      const cause = problem.cause ?? err;
      logger.warn(`${req.method} ${req.originalUrl}: ${problem.title}: ${cause instanceof Error && cause !== problem ? `${cause.name}: ${cause.message}` : problem.message}`);
    }
    if (res.headersSent) return;
    res.status(problem.status).set(problem.headers).type('application/problem+json');
    res.send(problemJson(problem, originOf(req)));
  };
}

/**
 * The body of every problem the API sends, from Express or straight onto a socket (client-errors.ts).
 * `origin` makes `type` an absolute URI that answers GET with a page about the problem.
 */
export function problemJson(problem: HttpProblem, origin?: string): string {
  return JSON.stringify({
    type: problemType(problem.slug, origin),
    title: problem.title,
    status: problem.status,
    detail: problem.message,
    ...problem.members,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.links ? { _links: problem.links } : {}),
  });
}

export const notFound: RequestHandler = () => {
  throw problems.notFound();
};

/**
 * Last on every route: what its handlers did not take. OPTIONS is answered here (204, no login
 * needed: it only says what the route takes); anything else is 405. Both name the same methods:
 * the route's own, HEAD wherever GET is (Express runs GET for it), and OPTIONS.
 */
export function onlyMethods(...allowed: string[]): RequestHandler {
  const allow = [...allowed.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])), 'OPTIONS'];
  return (req, res) => {
    if (req.method === 'OPTIONS') {
      res.status(204).set('Allow', allow.join(', ')).end();
      return;
    }
    throw problems.methodNotAllowed(req.method, allow);
  };
}
