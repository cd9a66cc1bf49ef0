import type { Readable } from 'node:stream';
import { request } from 'undici';
import { ApiError, AuthError, CliError, ConnectionError, type Problem } from './errors.js';
import { linkOf, type HalDocument, type Template } from './hal.js';
import { requestLine, responseLine, type Trace } from './trace.js';

const ACCEPT = 'application/hal+json, application/problem+json;q=0.9, application/json;q=0.8';
const TIMEOUT_MS = 30_000;
// An upload's answer comes after its last byte and the server's image work; slow links need room.
const UPLOAD_TIMEOUT_MS = 300_000;

export interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Talks to the API the hypermedia way: it knows the root URL and nothing else; every
 * other URL comes from a link or a template in a document it was given.
 */
export class HalClient {
  readonly root: URL;
  private readonly token?: string;
  private readonly trace?: Trace;

  /** With `trace`, every exchange is described (tokens redacted) as it happens: --debug. */
  constructor(apiUrl: string, token?: string, trace?: Trace) {
    this.root = new URL(apiUrl);
    this.token = token;
    this.trace = trace;
  }

  /** Runs one request, traced when asked; the status is read from what `run` returns. */
  private async traced<T extends { statusCode: number }>(method: string, url: URL, authorised: boolean, run: () => Promise<T>): Promise<T> {
    if (!this.trace) return run();
    const started = Date.now();
    this.trace(requestLine(method, url.href, authorised));
    try {
      const res = await run();
      this.trace(responseLine(method, url.href, res.statusCode, started));
      return res;
    } catch (err) {
      this.trace(responseLine(method, url.href, `failed (${(err as Error).message})`, started));
      throw err;
    }
  }

  /** GET / — with the token when there is one, so the answer lists what this user may do. */
  getRoot(): Promise<HalDocument> {
    return this.get(this.root.href);
  }

  /** A signal lets a long-poll be dropped at once when its reader goes away. */
  async get(href: string, signal?: AbortSignal): Promise<HalDocument> {
    const reply = await this.exchange('GET', href, {}, undefined, TIMEOUT_MS, signal);
    return (reply.body ?? {}) as HalDocument;
  }

  /** Follows a link by its relation name; a missing link means "not allowed now". */
  async follow(doc: HalDocument, rel: string): Promise<HalDocument> {
    return this.get(hrefOf(doc, rel));
  }

  /** As follow, with the reply's status and headers too (its ETag, for an edit that must not overwrite a newer version). */
  read(doc: HalDocument, rel: string): Promise<Reply> {
    return this.exchange('GET', hrefOf(doc, rel), {}, undefined, TIMEOUT_MS);
  }

  /** Sends a HAL-FORMS template: its method, to its target (default: the document itself), as JSON. */
  async submit(template: Template, body?: Record<string, unknown>, selfHref?: string, headers: Record<string, string> = {}): Promise<Reply> {
    const target = template.target ?? selfHref ?? this.root.href;
    return this.send(template.method.toUpperCase(), target, body, template.contentType, headers);
  }

  /**
   * Any request, answered whatever its status (`friender api` prints problems too); the body
   * is sent as given.
   */
  async call(method: string, href: string, body?: string, contentType = 'application/json'): Promise<Reply> {
    return this.exchange(method, href, body === undefined ? {} : { 'content-type': contentType }, body, TIMEOUT_MS, undefined, true);
  }

  async send(method: string, href: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}): Promise<Reply> {
    const json = body === undefined ? undefined : JSON.stringify(body);
    return this.exchange(method, href, json === undefined ? headers : { ...headers, 'content-type': contentType }, json, TIMEOUT_MS);
  }

  /**
   * Sends a streamed body (a multipart upload): the caller gives its exact length, so the
   * server can refuse an oversized upload from the headers, before a byte of it is sent.
   */
  async sendStream(method: string, href: string, body: Readable, contentType: string, length: number): Promise<Reply> {
    return this.exchange(method, href, { 'content-type': contentType, 'content-length': String(length) }, body, UPLOAD_TIMEOUT_MS);
  }

  private async exchange(
    method: string,
    href: string,
    extra: Record<string, string>,
    body: string | Readable | undefined,
    timeout: number,
    signal?: AbortSignal,
    anyStatus = false,
  ): Promise<Reply> {
    const url = new URL(href, this.root);
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': 'friender-cli', ...extra };
    // A link may point anywhere; the login only ever goes back to the server that issued it.
    if (this.token && url.origin === this.root.origin) headers.authorization = `Bearer ${this.token}`;
    let res;
    try {
      res = await this.traced(method, url, headers.authorization !== undefined, () =>
        request(url, { method: method as 'GET', headers, body, headersTimeout: timeout, bodyTimeout: TIMEOUT_MS, signal }),
      );
    } catch (err) {
      if (signal?.aborted) throw err;
      throw connectionError(err, this.root.href);
    }
    const text = await res.body.text();
    const type = String(res.headers['content-type'] ?? '');
    let parsed: unknown = text === '' ? undefined : text;
    if (text !== '' && type.includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new CliError(`The API at ${this.root.href} sent invalid JSON (HTTP ${res.statusCode}).`);
      }
    }
    if (res.statusCode >= 400 && !anyStatus) throw problemError(res.statusCode, parsed, res.headers['retry-after']);
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }

  /** GETs bytes from a link that may live elsewhere (a presigned S3 URL): no login is sent there. A signal drops it. */
  async fetchBytes(href: string, signal?: AbortSignal): Promise<Buffer> {
    const url = new URL(href, this.root);
    const headers: Record<string, string> = { 'user-agent': 'friender-cli' };
    if (this.token && url.origin === this.root.origin) headers.authorization = `Bearer ${this.token}`;
    let res;
    try {
      res = await this.traced('GET', url, headers.authorization !== undefined, () => request(url, { method: 'GET', headers, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS, signal }));
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ConnectionError(`Cannot download from ${url.origin} (${(err as Error).message}).`);
    }
    const bytes = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode >= 400) throw new CliError(`Could not download ${url.pathname} (HTTP ${res.statusCode}).`);
    return bytes;
  }
}

/** The href of a link by its relation name; a missing link means "not allowed now". */
export function hrefOf(doc: HalDocument, rel: string): string {
  const link = linkOf(doc, rel);
  if (!link) {
    const rels = Object.keys(doc._links ?? {});
    throw new CliError(`The API offers no \`${rel}\` link here.`, rels.length ? [`Links here: ${rels.join(', ')}.`] : []);
  }
  if (link.templated) throw new CliError(`The \`${rel}\` link is templated; it needs parameters this command does not take.`);
  return link.href;
}

export function problemError(status: number, body: unknown, retryAfterHeader: string | string[] | undefined): CliError {
  const given = typeof body === 'object' && body !== null && typeof (body as Problem).title === 'string' ? (body as Problem) : undefined;
  const problem: Problem = given ?? { title: `HTTP ${status}`, status, detail: typeof body === 'string' ? body.slice(0, 200) : undefined };
  if (status === 401) {
    return new AuthError(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
  const seconds = Number(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader);
  return new ApiError(problem, Number.isFinite(seconds) && seconds > 0 ? seconds : undefined);
}

/** One readable line for "the API is not there", naming the URL the user can fix. */
function connectionError(err: unknown, apiUrl: string): CliError {
  const e = err as { code?: string; name?: string; cause?: { code?: string }; message?: string };
  const code = e.code ?? e.cause?.code ?? e.name;
  const why: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
    UND_ERR_CONNECT_TIMEOUT: 'timed out connecting',
    UND_ERR_HEADERS_TIMEOUT: 'no answer in time',
    UND_ERR_BODY_TIMEOUT: 'no answer in time',
    UND_ERR_SOCKET: 'connection closed',
  };
  const reason = (code && why[code]) ?? e.message ?? String(err);
  return new ConnectionError(`Cannot reach the Friender API at ${apiUrl} (${reason}).`, [
    'Is it running? Point the CLI elsewhere with --api <url> or FRIENDER_API_URL.',
  ]);
}
