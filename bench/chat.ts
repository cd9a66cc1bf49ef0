import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import bcrypt from 'bcrypt';
import pg from 'pg';
import { Agent, request } from 'undici';
import { loadConfig } from '../api/config.js';
import { benchApiEnv } from './lib/api-env.js';
import { startBenchServices } from './lib/services.js';
import { startApi, stopApi } from './lib/api-process.js';
import { migrator } from '../api/db/migrator.js';
import { createSequelize } from '../api/db/sequelize.js';

/**
 * Chat delivery: 1,000 clients (500 matches, both sides) follow `next` while messages are sent
 * at a steady rate; latency is send → received by the other side. Then the same load with
 * 2-second short polling, for comparison. The API runs as its own process, as in production.
 * Target: long-poll p95 ≤ 25 ms.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const MATCHES = Number(process.env.BENCH_MATCHES ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 50); // messages per second, across all matches
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SHORT_POLL_MS = 2000;
const log = (line: string) => console.error(line);

interface Client {
  token: string;
  messages: string;
  cursor: string;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

async function phase(name: string, base: string, clients: Client[], pairs: Array<[Client, Client]>, mode: 'long' | 'short', dispatcher: Agent) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let running = true;
  const get = async (href: string, token: string) => {
    requests += 1;
    const res = await request(`${base}${href}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/hal+json' }, dispatcher, headersTimeout: 90_000 });
    const body = (await res.body.json()) as { _links: { next: { href: string } }; _embedded: { messages: Array<{ body: string; mine: boolean }> } };
    if (res.statusCode !== 200) throw new Error(`GET ${href}: ${res.statusCode}`);
    return body;
  };
  const poller = async (c: Client) => {
    while (running) {
      try {
        // Long polls use the server's default wait (25 s), as the CLI does.
        const href = mode === 'long' ? `${c.messages}?after=${c.cursor}` : `${c.messages}?after=${c.cursor}&wait=0`;
        const page = await get(href, c.token);
        const now = performance.now();
        for (const m of page._embedded.messages) {
          const t0 = sentAt.get(m.body);
          if (!m.mine && t0 !== undefined) latencies.push(now - t0);
        }
        c.cursor = new URL(page._links.next.href, base).searchParams.get('after') ?? c.cursor;
      } catch {
        errors += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (mode === 'short' && running) await new Promise((resolve) => setTimeout(resolve, SHORT_POLL_MS));
    }
  };
  // Everyone starts at the newest message, so only this phase's messages count.
  await Promise.all(clients.map(async (c) => (c.cursor = new URL((await get(c.messages, c.token))._links.next.href, base).searchParams.get('after') ?? '0')));
  requests = 0;
  const polling = clients.map((c) => poller(c));
  await new Promise((resolve) => setTimeout(resolve, 3000)); // let every poll be held (or the short polls spread) before sending
  const started = performance.now();
  let sent = 0;
  const total = RATE * SECONDS;
  const sends: Promise<void>[] = [];
  while (sent < total) {
    const due = started + (sent * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const [a, b] = pairs[sent % pairs.length]!;
    const from = sent % 2 ? a : b;
    const body = `m${name}-${sent}-${crypto.randomBytes(3).toString('hex')}`;
    sent += 1;
    sentAt.set(body, performance.now());
    sends.push(
      request(`${base}${from.messages}`, { method: 'POST', headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ body }), dispatcher }).then(
        async (res) => {
          await res.body.dump();
          if (res.statusCode !== 201) errors += 1;
        },
        () => void (errors += 1),
      ),
    );
  }
  await Promise.all(sends);
  // Give the last messages time to arrive (a short poll may be up to 2 s away).
  const drainUntil = performance.now() + (mode === 'short' ? SHORT_POLL_MS + 1500 : 1500);
  while (latencies.length < total && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  running = false;
  const sorted = [...latencies].sort((x, y) => x - y);
  const line =
    `${name.padEnd(16)} sent ${total}  delivered ${latencies.length}  latency p50 ${pct(sorted, 50).toFixed(1).padStart(7)} ms  p95 ${pct(sorted, 95).toFixed(1).padStart(7)} ms  p99 ${pct(sorted, 99).toFixed(1).padStart(7)} ms` +
    `  requests/delivered ${(requests / Math.max(1, latencies.length)).toFixed(2)}  errors ${errors}`;
  log(line);
  // Held long-polls end within their wait; do not leave them running into the next phase.
  await Promise.race([Promise.all(polling), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  return { line, p95: pct(sorted, 95), delivered: latencies.length, total };
}

async function main(): Promise<void> {
  const services = await startBenchServices('chat', log);
  let api: ChildProcess | undefined;
  const dispatcher = new Agent({ connections: 4 * MATCHES + 64, pipelining: 0, keepAliveTimeout: 60_000 });
  try {
    const sequelize = createSequelize(services.databaseUrl);
    await migrator(sequelize).up();
    await sequelize.close();
    const db = new pg.Client({ connectionString: services.databaseUrl });
    await db.connect();
    const hash = await bcrypt.hash('bench-chat-password', 4);
    await db.query(
      `INSERT INTO users (username, email, password_hash, hobbies, interests, zip_code, friend_radius, birth_date)
       SELECT 'chat_' || g, 'chat_' || g || '@bench.invalid', $1, '{chess}', '{jazz}', '10001', 10, '1990-06-15' FROM generate_series(1, $2::int) g`,
      [hash, MATCHES * 2],
    );
    await db.query(
      `INSERT INTO matches (user_a, user_b)
       SELECT least(a.id, b.id), greatest(a.id, b.id) FROM generate_series(1, $1::int) g
       JOIN users a ON a.username = 'chat_' || (2 * g - 1) JOIN users b ON b.username = 'chat_' || (2 * g)`,
      [MATCHES],
    );
    const env = benchApiEnv(services, {
      CHAT_MESSAGES_PER_MINUTE: '100000',
    });
    loadConfig(env); // fails here, with its own message, rather than in the child
    const started = await startApi(env);
    api = started.child;
    const base = started.url;
    const clients: Client[] = [];
    for (let i = 1; i <= MATCHES * 2; i += 1) {
      const res = await request(`${base}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `chat_${i}`, password: 'bench-chat-password' }), dispatcher });
      const { token } = (await res.body.json()) as { token: string };
      const list = await request(`${base}/matches`, { headers: { authorization: `Bearer ${token}` }, dispatcher });
      const matches = (await list.body.json()) as { _embedded: { matches: Array<{ _links: { messages: { href: string } } }> } };
      clients.push({ token, messages: matches._embedded.matches[0]!._links.messages.href, cursor: '0' });
    }
    const pairs: Array<[Client, Client]> = Array.from({ length: MATCHES }, (_, i) => [clients[2 * i]!, clients[2 * i + 1]!]);
    log(`bench:chat: ${clients.length} clients over ${MATCHES} matches, ${RATE} messages/s for ${SECONDS} s per phase, ${os.cpus().length} CPUs`);
    const long = await phase('long-poll', base, clients, pairs, 'long', dispatcher);
    const short = await phase(`short-poll ${SHORT_POLL_MS / 1000}s`, base, clients, pairs, 'short', dispatcher);
    console.log(`\nbench:chat — ${clients.length} clients, ${MATCHES} matches, ${RATE} messages/s for ${SECONDS} s each`);
    console.log(long.line);
    console.log(short.line);
    console.log(`long-poll p95 ${long.p95.toFixed(1)} ms (target ≤ 25 ms: ${long.p95 <= 25 ? 'ok' : 'OVER'})`);
    await db.end();
  } finally {
    await stopApi(api);
    await dispatcher.close().catch(() => {});
    await services.stop();
  }
}

await main();
