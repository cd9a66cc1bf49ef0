import { ApiError, CliError, ConnectionError } from '../../errors.js';
import { embeddedList, linkOf, type HalDocument } from '../../hal.js';

/** What following the events stream needs of a HAL client: HalClient fits, and tests pass a stub. */
export interface Getter {
  get(href: string, signal?: AbortSignal): Promise<HalDocument>;
}

export interface FollowOptions {
  /** Waits between retries; tests pass one that records and returns at once. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** 0 ≤ x < 1, for the jitter. */
  random?: () => number;
  onRetry?: (ms: number, err: unknown) => void;
}

const CAP_MS = 30_000;

export function eventsOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'events');
}

/** The inbox at the root, or a clear error when this API has none (it only ever follows links). */
export async function inboxOf(client: Getter, root: HalDocument, signal?: AbortSignal): Promise<HalDocument> {
  const link = linkOf(root, 'inbox');
  if (!link) throw new CliError('This API has no inbox (the root offers no `inbox` link).', ['Use `friender matches` and `friender messages <username> --watch` instead.']);
  return client.get(link.href, signal);
}

/**
 * How long to wait before retry `attempt` (0-based): exponential from 1 s, capped at 30 s,
 * "full jitter" in its upper half so that many terminals dropped at once do not return at
 * once; a Retry-After the server gave wins when it is longer.
 */
export function backoffMs(attempt: number, random: () => number, retryAfterSeconds?: number): number {
  const ceiling = Math.min(CAP_MS, 1000 * 2 ** attempt);
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterSeconds ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
}

/** A network failure or a server's 429/5xx is worth another try; anything else the server meant. */
function retryable(err: unknown): boolean {
  if (err instanceof ApiError) return err.problem.status === 429 || err.problem.status >= 500;
  return err instanceof ConnectionError || !(err instanceof CliError);
}

function sleeper(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows `next` from an events page (or the inbox's `events` link) for as long as it is asked:
 * each answer comes when something happened, or empty when the server's wait is over. The
 * cursor only moves on an answer, so a retry after a network error or a 5xx asks for exactly
 * what was not yet received: nothing lost, nothing twice (a seq already yielded is skipped
 * regardless). A 401 (AuthError) and other 4xx end it.
 */
export async function* followEvents(client: Getter, firstHref: string, signal: AbortSignal, options: FollowOptions = {}): AsyncGenerator<HalDocument[]> {
  const sleep = options.sleep ?? sleeper;
  const random = options.random ?? Math.random;
  let href: string | undefined = firstHref;
  let attempt = 0;
  let newest = -Infinity;
  while (href && !signal.aborted) {
    let page: HalDocument;
    try {
      page = await client.get(href, signal);
      attempt = 0;
    } catch (err) {
      if (signal.aborted) return;
      if (!retryable(err)) throw err;
      const ms = backoffMs(attempt, random, err instanceof ApiError ? err.retryAfter : undefined);
      attempt += 1;
      options.onRetry?.(ms, err);
      await sleep(ms, signal);
      continue;
    }
    const fresh = eventsOf(page).filter((e) => typeof e.seq !== 'number' || e.seq > newest);
    for (const e of fresh) if (typeof e.seq === 'number') newest = Math.max(newest, e.seq);
    href = linkOf(page, 'next')?.href;
    if (fresh.length > 0 && !signal.aborted) yield fresh;
  }
}

export function embedded(event: HalDocument, name: string): HalDocument | undefined {
  const doc = event._embedded?.[name];
  return Array.isArray(doc) ? doc[0] : doc;
}
