import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

/**
 * One load-generator thread: each of its clients runs the swipe loop as the CLI does, by links
 * alone — the root, its `candidates`, each card's `like` or `pass` template, the page's `next`;
 * after a page, sometimes the root's `matches`, one match's `messages` and its `send` template.
 * Every request's time is kept by route shape (usernames and ids taken out), every answer's
 * status counted; the main thread gets them when it says stop.
 */
export interface ClientData {
  base: string;
  clients: Array<{ n: number; token: string }>;
  /** Chance, after each page, of a visit to the matches list (and a message in one match). */
  chatChance: number;
  likeChance: number;
}

export interface ClientReport {
  /** Per route shape: latencies in ms. */
  latencies: Record<string, number[]>;
  statuses: Record<string, number>;
  /** Error samples: shape, status, the first bytes of the answer. */
  samples: string[];
  pages: number;
  emptyPages: number;
  matchesMade: number;
  loopP99: number;
}

type Link = { href: string };
interface Template { method: string; target: string }
interface Hal {
  _links?: Record<string, Link | undefined>;
  _templates?: Record<string, Template | undefined>;
  _embedded?: Record<string, Hal[] | undefined>;
}

const data = workerData as ClientData;
const pool = new Pool(data.base, { connections: data.clients.length, pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
let measuring = false;
let running = true;
const latencies: Record<string, number[]> = {};
const statuses: Record<string, number> = {};
const samples: string[] = [];
let pages = 0;
let emptyPages = 0;
let matchesMade = 0;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `GET /candidates/:username`, `POST /matches/:id/messages`: the path without its query, names and ids. */
export function shapeOf(method: string, href: string): string {
  const parts = href.split('?')[0]!.split('/');
  const shaped = parts.map((part, i) => (UUID.test(part) || /^\d+$/.test(part) ? ':id' : parts[i - 1] === 'candidates' || parts[i - 1] === 'answers' ? ':username' : part));
  return `${method} ${shaped.join('/') || '/'}`;
}

async function call(method: string, href: string, token: string, body?: unknown): Promise<Hal | undefined> {
  const shape = shapeOf(method, href);
  const t0 = performance.now();
  try {
    const res = await pool.request({
      path: href,
      method: method as 'GET',
      headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (measuring) {
      (latencies[shape] ??= []).push(performance.now() - t0);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 400 && samples.length < 10) samples.push(`${shape} ${res.statusCode} ${text.slice(0, 200)}`);
    }
    return res.statusCode < 400 ? (JSON.parse(text) as Hal) : undefined;
  } catch (err) {
    if (measuring && running) {
      const key = `network ${(err as { code?: string }).code ?? (err as Error).name}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    return undefined;
  }
}

const pick = <T>(list: T[]): T | undefined => list[Math.floor(Math.random() * list.length)];

async function chat(token: string, root: Hal): Promise<void> {
  const matches = await call('GET', root._links!.matches!.href, token);
  const match = pick(matches?._embedded?.matches ?? []);
  const messages = match?._links?.messages?.href;
  if (!messages) return;
  const page = await call('GET', messages, token);
  const send = page?._templates?.send;
  if (send) await call(send.method, send.target, token, { body: `Hello from the bench, ${Math.random().toString(36).slice(2, 8)}` });
}

async function run(client: { token: string }): Promise<void> {
  let root: Hal | undefined;
  while (running && !root?._links?.candidates) root = await call('GET', '/', client.token);
  let href = root?._links?.candidates?.href;
  while (running && href) {
    const page = await call('GET', href, client.token);
    if (!page) {
      href = root!._links!.candidates!.href;
      continue;
    }
    if (measuring) pages += 1;
    const cards = page._embedded?.candidates ?? [];
    if (cards.length === 0 && measuring) emptyPages += 1;
    for (const card of cards) {
      if (!running) return;
      const answer = card._templates?.[Math.random() < data.likeChance ? 'like' : 'pass'];
      if (!answer) continue;
      const answered = await call(answer.method, answer.target, client.token);
      if (answered?._links?.match && measuring) matchesMade += 1;
    }
    if (running && Math.random() < data.chatChance) await chat(client.token, root!);
    // The page's `next` skips what this page showed; at the end of the deck, from the top again.
    href = page._links?.next?.href ?? root!._links!.candidates!.href;
  }
}

parentPort!.on('message', (msg: { type: string }) => {
  if (msg.type === 'measure') {
    measuring = true;
    loop.reset();
  }
  if (msg.type !== 'stop') return;
  running = false;
  const report: ClientReport = { latencies, statuses, samples, pages, emptyPages, matchesMade, loopP99: Math.max(0, loop.percentile(99) / 1e6 - 10) };
  parentPort!.postMessage(report);
  void pool.destroy().finally(() => parentPort!.close());
});

await Promise.all(data.clients.map((c) => run(c)));
