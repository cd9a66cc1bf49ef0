import http from 'node:http';
import type { Duplex } from 'node:stream';
import { problemJson } from './errors.js';
import { HttpProblem, problems } from './problems.js';
import { SECURITY_HEADERS } from './security-headers.js';

function problemFor(err: NodeJS.ErrnoException, maxHeaderSize: number): HttpProblem {
  // The same statuses Node itself would send, so only the body and headers change.
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return problems.headerTooLarge(maxHeaderSize);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new HttpProblem(413, 'payload-too-large', 'Payload too large', 'The chunk extensions in the request body are larger than this server reads.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problems.requestTimeout();
    default:
      return problems.badRequest('The request is not valid HTTP (a malformed request line, header or chunk).');
  }
}

/**
 * Answers what Node's HTTP parser refuses before Express sees a request (headers too large, a
 * malformed request line) as problem+json like every other error, instead of Node's bare status
 * line. Only code that creates a server calls it (bin/api.ts and the tests' startTestApi).
 */
export function answerClientErrors(server: http.Server): void {
  const maxHeaderSize = (server as { maxHeaderSize?: number }).maxHeaderSize ?? http.maxHeaderSize;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already started on this connection cannot be followed by another: the client
    // would read it as part of the first. Node checks the same internal field before it answers.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = problemFor(err, maxHeaderSize);
    // No request was read, so there is no Host to build an absolute `type` from: it stays a path,
    // which RFC 9457 resolves against the request's URL to the same page the others name.
    const body = problemJson(problem);
    const head = [
      `HTTP/1.1 ${problem.status} ${http.STATUS_CODES[problem.status]}`,
      'Content-Type: application/problem+json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'Connection: close',
      ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}
