import crypto from 'node:crypto';
import { Pool } from 'undici';
import type { Ledger } from './ledger.js';

export interface Sender {
  n: number;
  token: string;
  /** The `messages` link of the sender's one match, where `send` posts. */
  messages: string;
}

const now = () => performance.timeOrigin + performance.now();

export async function getJson<T>(pool: Pool, href: string, token: string): Promise<T> {
  const res = await pool.request({ path: href, method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json' } });
  if (res.statusCode !== 200) throw new Error(`GET ${href} answered ${res.statusCode}: ${(await res.body.text()).slice(0, 300)}`);
  return (await res.body.json()) as T;
}

/** Each sender's match, by following its `matches` link as a client would. */
export async function findSenders(pool: Pool, matchesHref: string, users: Array<{ n: number; token: string }>): Promise<Sender[]> {
  const senders: Sender[] = [];
  const queue = [...users];
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        const page = await getJson<{ _embedded?: { matches?: Array<{ _links: { messages: { href: string } } }> } }>(pool, matchesHref, user.token);
        const messages = page._embedded?.matches?.[0]?._links.messages.href;
        if (!messages) throw new Error(`inbox_${user.n} has no match in GET ${matchesHref}`);
        senders.push({ ...user, messages });
      }
    }),
  );
  return senders.sort((a, b) => a.n - b.n);
}

export interface SendResult {
  requests: number;
  statuses: Record<string, number>;
  /** How late the schedule ran: sends that started more than 20 ms after their time, and the worst. */
  late: number;
  maxLagMs: number;
}

/**
 * `rate` messages a second for `seconds`, round-robin over the matches (senders 2g-1 and 2g), each
 * match alternating direction; every send is recorded in the ledger before its request starts.
 */
export async function sendSchedule(pool: Pool, senders: Sender[], ledger: Ledger, rate: number, seconds: number): Promise<SendResult> {
  const matches = senders.length / 2;
  const total = Math.round(rate * seconds);
  const statuses: Record<string, number> = {};
  const count = (key: string) => void (statuses[key] = (statuses[key] ?? 0) + 1);
  const sends: Promise<void>[] = [];
  let late = 0;
  let maxLagMs = 0;
  const started = performance.now();
  for (let k = 0; k < total; k += 1) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const lag = performance.now() - due;
    if (lag > 20) late += 1;
    maxLagMs = Math.max(maxLagMs, lag);
    const pair = k % matches;
    const forth = Math.floor(k / matches) % 2 === 0;
    const from = senders[2 * pair + (forth ? 0 : 1)]!;
    const to = senders[2 * pair + (forth ? 1 : 0)]!;
    const body = `inbox-${k}-${crypto.randomBytes(3).toString('hex')}`;
    const entry = ledger.send(body, from.n, to.n, now());
    sends.push(
      pool
        .request({ path: from.messages, method: 'POST', headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ body }) })
        .then(
          async (res) => {
            await res.body.dump();
            count(String(res.statusCode));
            entry.accepted = res.statusCode === 201;
          },
          (err: { code?: string; name?: string }) => count(`network ${err.code ?? err.name}`),
        ),
    );
  }
  await Promise.all(sends);
  return { requests: total, statuses, late, maxLagMs };
}
