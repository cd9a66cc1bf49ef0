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
