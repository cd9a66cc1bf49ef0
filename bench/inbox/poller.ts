import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

/**
 * One load-generator thread: each of its users fetches the inbox once (for its `events` link) and
 * then holds one `events` long-poll, following `next` forever. It reports every message event it
 * sees (who, which message, when) to the main thread in batches, with its request counts.
 */
export interface PollerData {
  base: string;
  inboxHref: string;
  users: Array<{ n: number; token: string }>;
  /** How many users bootstrap (GET inbox) at once: the ramp. */
  concurrency: number;
}

/** [user n, message id, body, seq, arrival time (ms since the epoch, sub-ms)] */
export type Arrival = [number, string, string, number, number];

export interface PollerReport {
  type: 'report';
  arrivals: Arrival[];
  requests: number;
  statuses: Record<string, number>;
  /** A user given an event whose seq is not above the last one it saw. */
  seqBackwards: number;
  ready: number;
  /** Event-loop delay of this thread, ms. */
  loopP99: number;
  loopMax: number;
  final: boolean;
}

interface EventsPage {
  _links?: { next?: { href?: string } };
  _embedded?: { events?: Array<{ seq?: number; type?: string; _embedded?: { message?: { id?: string; body?: string } } }> };
}

const data = workerData as PollerData;
const now = () => performance.timeOrigin + performance.now();
const pool = new Pool(data.base, { connections: data.users.length + 16, pipelining: 1, keepAliveTimeout: 120_000, headersTimeout: 120_000, bodyTimeout: 120_000 });
const RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loop.enable();
let running = true;
let arrivals: Arrival[] = [];
let requests = 0;
let seqBackwards = 0;
let ready = 0;
const statuses: Record<string, number> = {};
const count = (key: string) => void (statuses[key] = (statuses[key] ?? 0) + 1);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function get(href: string, token: string): Promise<EventsPage | undefined> {
  requests += 1;
  try {
    const res = await pool.request({ path: href, method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json' } });
    count(String(res.statusCode));
    if (res.statusCode !== 200) {
      await res.body.dump();
      return undefined;
    }
    return (await res.body.json()) as EventsPage;
  } catch (err) {
    if (running) count(`network ${(err as { code?: string }).code ?? (err as Error).name}`);
    return undefined;
  }
}

/** The user's `events` link, from its inbox (retried until the API gives one). */
async function eventsHref(user: { token: string }): Promise<string | undefined> {
  while (running) {
    const inbox = (await get(data.inboxHref, user.token)) as { _links?: { events?: { href?: string } } } | undefined;
    const href = inbox?._links?.events?.href;
    if (href !== undefined) return href;
    await pause(500);
  }
  return undefined;
}

async function follow(user: { n: number; token: string }, href: string): Promise<void> {
  let last = -Infinity;
  while (running) {
    const page = await get(href, user.token);
    if (!page) {
      // Keep the cursor: a retry must neither lose nor repeat an event.
      if (running) await pause(200 + Math.random() * 300);
      continue;
    }
    const at = now();
    for (const event of page._embedded?.events ?? []) {
      const seq = Number(event.seq);
      if (!(seq > last)) seqBackwards += 1;
      last = Math.max(last, seq);
      const message = event._embedded?.message;
      if (event.type === 'message' && message?.id !== undefined) arrivals.push([user.n, message.id, message.body ?? '', seq, at]);
    }
    const next = page._links?.next?.href;
    if (next) href = next;
  }
}

function report(final: boolean): void {
  const message: PollerReport = { type: 'report', arrivals, requests, statuses, seqBackwards, ready, // The histogram counts the sampling interval in; what matters is the delay beyond it.
    loopP99: Math.max(0, loop.percentile(99) / 1e6 - RESOLUTION_MS), loopMax: Math.max(0, loop.max / 1e6 - RESOLUTION_MS), final };
  arrivals = [];
  parentPort!.postMessage(message);
}

const timer = setInterval(() => report(false), 100);
parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'reset-loop') loop.reset();
  if (msg.type !== 'stop') return;
  running = false;
  clearInterval(timer);
  report(true);
  // Held polls end with the pool; their errors are not the API's.
  void pool.destroy().finally(() => parentPort!.close());
});

// A few users at a time fetch their inbox; each then holds its events poll from there on.
const queue = [...data.users];
const followers: Promise<void>[] = [];
await Promise.all(
  Array.from({ length: Math.min(data.concurrency, queue.length) }, async () => {
    for (let user = queue.shift(); user && running; user = queue.shift()) {
      const href = await eventsHref(user);
      if (href === undefined) return;
      ready += 1;
      followers.push(follow(user, href));
    }
  }),
);
await Promise.all(followers);
