import type http from 'node:http';
import { problemJson } from './errors.js';
import { problems } from './problems.js';
import { SECURITY_HEADERS } from './security-headers.js';

/**
 * What the port answers between binding (first thing at start-up, so a taken port is reported before
 * any migration or seeding) and the app being ready: 503 problem+json, retry in a second.
 */
export const notReadyYet: http.RequestListener = (req, res) => {
  const problem = problems.unavailable('Starting', 'The API is starting; try again in a moment.', 1);
  req.resume();
  res.writeHead(problem.status, {
    ...SECURITY_HEADERS,
    ...problem.headers,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(problemJson(problem));
};

/**
 * Stops the server taking connections and waits for those it has to finish, at most `graceMs`;
 * then cuts whatever is left. Keep-alive connections are closed as soon as they fall idle (they are
 * swept, because one that finishes its request after close() would otherwise be held open by its
 * keep-alive timeout). Resolves true if everything finished in time.
 */
export async function drain(server: http.Server, graceMs: number): Promise<boolean> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)));
  const inTime = await Promise.race([closed.then(() => true as const), late]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (!inTime) {
    server.closeAllConnections();
    await closed;
  }
  return inTime;
}
