import { STATUS_CODES } from 'node:http';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { hrefOf, problemError, type HalClient, type Reply } from '../../hal-client.js';
import { linkOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { currentLogin } from '../../session.js';
import { fieldsBody, readSource, withQuery } from './body.js';

export interface RequestOptions {
  /** A link relation of the root, or a path starting with "/" (resolved against the API root). */
  target: string;
  /** Further relations to follow from there, one after another. */
  rels: string[];
  method?: string;
  field?: string[];
  input?: string;
  include?: boolean;
  paginate?: boolean;
  /** --json was given (not only --jq): --paginate then prints one merged document. */
  merge?: boolean;
}

/** The href the request goes to: every relation but the last is fetched to find the next link. */
async function resolve(client: HalClient, target: string, rels: string[]): Promise<string> {
  let href = target.startsWith('/') ? target : hrefOf(await client.getRoot(), target);
  for (const rel of rels) href = hrefOf(await client.get(href), rel);
  return href;
}

async function bodyOf(ctx: Context, opts: RequestOptions): Promise<{ json?: Record<string, unknown>; text?: string }> {
  const fields = opts.field ?? [];
  if (opts.input !== undefined && fields.length > 0) throw new UsageError('--input and --field both give the body: use one of them.');
  if (opts.input !== undefined) return { text: await readSource(opts.input, ctx.io.stdin, '--input') };
  return fields.length > 0 ? { json: await fieldsBody(fields, ctx.io.stdin) } : {};
}

/** `HTTP/1.1 200 OK` and the headers, as curl -i shows them. */
function head(ctx: Context, reply: Reply): void {
  ctx.out(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}`.trimEnd());
  for (const [name, value] of Object.entries(reply.headers)) {
    for (const v of Array.isArray(value) ? value : [value ?? '']) ctx.out(`${name}: ${v}`);
  }
  ctx.out('');
}

function isDocument(body: unknown): body is HalDocument {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** How many items a page embeds: a page with none ends --paginate (a long-poll `next` keeps offering more). */
function embeddedCount(doc: HalDocument): number {
  return Object.values(doc._embedded ?? {}).reduce((n, list) => n + (Array.isArray(list) ? list.length : 1), 0);
}

/** One document of all pages: their `_embedded` lists joined, `count` summed, no `next`. */
function merge(pages: HalDocument[]): HalDocument {
  const merged: HalDocument = structuredClone(pages[0]!);
  const embedded: Record<string, HalDocument[]> = {};
  for (const page of pages) {
    for (const [name, list] of Object.entries(page._embedded ?? {})) embedded[name] = [...(embedded[name] ?? []), ...(Array.isArray(list) ? list : [list])];
  }
  if (merged._embedded) merged._embedded = embedded;
  if (typeof merged.count === 'number') merged.count = pages.reduce((n, p) => n + Number(p.count ?? 0), 0);
  if (merged._links) delete merged._links.next;
  return merged;
}

/**
 * `friender api`, like `gh api`: any method to a resource found by links from the root (or by
 * path), the raw answer printed — problems too, before exiting 1 (3 for a rejected login).
 */
export async function request(ctx: Context, opts: RequestOptions): Promise<void> {
  const login = await currentLogin(ctx);
  const client = await ctx.client(login?.token);
  const body = await bodyOf(ctx, opts);
  const method = (opts.method ?? (body.json || body.text !== undefined ? 'POST' : 'GET')).toUpperCase();
  const getFields = method === 'GET' && body.json !== undefined;
  const send = body.text ?? (body.json && !getFields ? JSON.stringify(body.json) : undefined);
  let reply = await withProgress(ctx, 'Fetching…', async () => {
    const href = await resolve(client, opts.target, opts.rels);
    return client.call(method, getFields ? withQuery(href, client.root, body.json!) : href, send);
  });
  // Merging pages into one document is what --json asks of --paginate; otherwise each page prints as it comes.
  const mergePages = opts.paginate === true && opts.merge === true;
  const pages: HalDocument[] = [];
  const seen = new Set<string>();
  for (;;) {
    if (opts.include) head(ctx, reply);
    if (reply.status >= 400) {
      if (reply.body !== undefined) ctx.out(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body, null, 2));
      throw problemError(reply.status, reply.body, reply.headers['retry-after']);
    }
    if (isDocument(reply.body) && mergePages) pages.push(reply.body);
    else if (typeof reply.body === 'string') ctx.out(reply.body);
    else if (reply.body !== undefined) await ctx.printJson(reply.body);
    const next = opts.paginate && isDocument(reply.body) && embeddedCount(reply.body) > 0 ? linkOf(reply.body, 'next') : undefined;
    if (!next || next.templated || seen.has(next.href)) break;
    seen.add(next.href);
    reply = await client.call('GET', next.href);
  }
  if (pages.length > 0) await ctx.printJson(merge(pages));
}
