import type { Writable } from 'node:stream';
import { write } from './io.js';

/** One traced line: what was asked, or what came back and how long it took. */
export type Trace = (line: string) => void;

// Query parameters that carry a credential: a presigned S3 URL signs with them.
const SECRET_PARAMS = /^(x-amz-(signature|credential|security-token)|signature|token|access_token)$/i;

/** A URL safe to print: credentials in its user part or query string are replaced. */
export function redactUrl(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return href;
  }
  if (url.username || url.password) {
    url.username = 'REDACTED';
    url.password = '';
  }
  for (const key of [...url.searchParams.keys()]) if (SECRET_PARAMS.test(key)) url.searchParams.set(key, 'REDACTED');
  return url.href;
}

/**
 * `--debug` / FRIENDER_DEBUG=api: each exchange as two lines on stderr, like `gh --debug`.
 * The token itself is never printed, only that one was sent.
 */
export function traceTo(stderr: Writable): Trace {
  return (line) => write(stderr, `[api] ${line}`);
}

export function requestLine(method: string, href: string, authorised: boolean): string {
  return `> ${method} ${redactUrl(href)}${authorised ? ' (Authorization: Bearer REDACTED)' : ''}`;
}

export function responseLine(method: string, href: string, status: number | string, startedAt: number): string {
  return `< ${status} ${method} ${redactUrl(href)} in ${Date.now() - startedAt} ms`;
}
