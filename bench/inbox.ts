import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { Pool } from 'undici';
import { loadConfig } from '../api/config.js';
import { migrator } from '../api/db/migrator.js';
import { createSequelize } from '../api/db/sequelize.js';
import { benchApiEnv } from './lib/api-env.js';
import { startBenchServices } from './lib/services.js';
import { findPid, machineCpuMs, openFilesLimit, startApi, stopApi, treeCpuMs, treeRssMiB } from './lib/api-process.js';
import { Ledger } from './inbox/ledger.js';
import type { PollerData, PollerReport } from './inbox/poller.js';
import { printReport } from './inbox/report.js';
import { seedInbox } from './inbox/seed.js';
import { findSenders, getJson, sendSchedule } from './inbox/senders.js';
import { benchNumber } from './lib/env.js';

/**
 * The inbox at 10,000 users: every user holds one `events` long-poll (following `next`), while
 * 500 matches (1,000 of those users, whose own events polls count too) send 100 messages a second
 * for 30 s through the API, which runs in its own process. Latency is from the start of the send
 * request to the recipient's events page carrying it. Targets on 2 CPUs: p95 ≤ 50 ms, 0 lost,
 * 0 duplicated, API RSS ≤ 1 GB. Run it through `npm run bench:inbox`, which raises the open-files limit.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const POLLERS = benchNumber('BENCH_POLLERS', 10_000);
// A small run (BENCH_POLLERS=500) makes senders of everyone unless told otherwise.
const MATCHES = benchNumber('BENCH_MATCHES', Math.min(500, Math.floor(POLLERS / 2)));
const RATE = benchNumber('BENCH_RATE', 100);
const SECONDS = benchNumber('BENCH_SECONDS', 30);
const GRACE_SECONDS = benchNumber('BENCH_GRACE_SECONDS', 5);
const WORKERS = benchNumber('BENCH_WORKERS', 2);
// API processes: 1 is `npm start`; more is `npm run cluster` with that many instances behind nginx.
const API_PROCESSES = benchNumber('BENCH_API_PROCESSES', 1);
const SEND_CONNECTIONS = 64;
const log = (line: string) => console.error(line);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Generator {
  worker: Worker;
  users: number;
  last?: PollerReport;
  done: Promise<void>;
}

function startGenerators(base: string, inboxHref: string, users: Array<{ n: number; token: string }>, ledger: Ledger): Generator[] {
  return Array.from({ length: WORKERS }, (_, w) => {
    const mine = users.filter((u) => u.n % WORKERS === w).map(({ n, token }) => ({ n, token }));
    const data: PollerData = { base, inboxHref, users: mine, concurrency: 16 };
    const worker = new Worker(new URL('./inbox/poller.js', import.meta.url), { workerData: data });
    const gen: Generator = { worker, users: mine.length, done: Promise.resolve() };
    worker.on('message', (report: PollerReport) => {
      for (const arrival of report.arrivals) ledger.arrive(arrival);
      gen.last = report;
    });
    gen.done = new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', () => resolve());
    });
    return gen;
  });
}

function statusesOf(gens: Generator[], from: Record<string, number> = {}): Record<string, number> {
  const all = { ...from };
  for (const g of gens) for (const [k, v] of Object.entries(g.last?.statuses ?? {})) all[k] = (all[k] ?? 0) + v;
  return all;
}

const sum = (gens: Generator[], pick: (r: PollerReport) => number) => gens.reduce((total, g) => total + (g.last ? pick(g.last) : 0), 0);

async function main(): Promise<void> {
  if (MATCHES * 2 > POLLERS) throw new Error(`BENCH_MATCHES (${MATCHES}) needs ${MATCHES * 2} users, more than BENCH_POLLERS (${POLLERS})`);
  // Every poll is a socket at both ends: the generator's and the API's (which inherits this limit).
  const needed = POLLERS + SEND_CONNECTIONS + 512;
  const limit = openFilesLimit();
  if (limit < needed) {
    throw new Error(`the open-files limit is ${limit}, and ${POLLERS} polls need about ${needed}: run it as \`npm run bench:inbox\` (which raises it with ulimit -n), or lower BENCH_POLLERS`);
  }
  const services = await startBenchServices('inbox', log);
  let api: ChildProcess | undefined;
  let generators: Generator[] = [];
  const pool = (base: string) => new Pool(base, { connections: SEND_CONNECTIONS, keepAliveTimeout: 120_000 });
  let senderPool: Pool | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const sequelize = createSequelize(services.databaseUrl);
    await migrator(sequelize).up();
    await sequelize.close();
    const apiEnv = benchApiEnv(services, {
      CHAT_MESSAGES_PER_MINUTE: '100000',
      // Room for every poll and every sender connection; the default is half the open-files limit, at most 10,000.
      MAX_CONNECTIONS: String(POLLERS + SEND_CONNECTIONS + 256),
    });
    const config = loadConfig(apiEnv); // fails here, with its own message, rather than in the child
    const db = new pg.Client({ connectionString: services.databaseUrl });
    await db.connect();
    let t = Date.now();
    const users = await seedInbox(db, config, POLLERS, MATCHES);
    await db.end();
    log(`  seeded ${POLLERS} users with logins and ${MATCHES} matches in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const started = await startApi(apiEnv, { workers: API_PROCESSES > 1 ? API_PROCESSES : undefined });
    api = started.child;
    const pid = api.pid!;
    let peak = 0;
    sampler = setInterval(() => (peak = Math.max(peak, treeRssMiB(pid) || 0)), 200);
    const base = started.url;
    senderPool = pool(base);
    const root = await getJson<{ _links: Record<string, { href: string } | undefined> }>(senderPool, '/', users[0]!.token);
    const inboxHref = root._links.inbox?.href;
    if (!inboxHref) throw new Error(`the API has no inbox: GET / (logged in) has no \`inbox\` link, only ${Object.keys(root._links).join(', ')} — this build lacks issue 13's inbox and events`);
    const senders = await findSenders(senderPool, root._links.matches!.href, users.slice(0, MATCHES * 2));

    t = Date.now();
    const ledger = new Ledger();
    generators = startGenerators(base, inboxHref, users, ledger);
    let stopping = false;
    const failed = Promise.all(generators.map((g) => g.done)).then(() => {
      if (!stopping) throw new Error('a generator thread ended early');
    });
    failed.catch(() => {}); // raced below while waiting; a thread's own error surfaces through done
    const readyBy = Date.now() + 60_000 + POLLERS * 20;
    let told = Date.now();
    while (sum(generators, (r) => r.ready) < POLLERS) {
      if (Date.now() > readyBy) throw new Error(`only ${sum(generators, (r) => r.ready)} of ${POLLERS} users got their events link in time`);
      if (Date.now() - told >= 10_000) {
        told = Date.now();
        const answers = statusesOf(generators);
        log(`  ${sum(generators, (r) => r.ready)} of ${POLLERS} users hold their events poll (${((Date.now() - t) / 1000).toFixed(0)} s, API RSS ${treeRssMiB(pid).toFixed(0)} MiB, answers so far: ${Object.entries(answers).map(([k, v]) => `${k} × ${v}`).join(', ')})`);
      }
      await Promise.race([pause(250), failed]);
    }
    log(`  ${POLLERS} users fetched their inbox and hold an events poll (${((Date.now() - t) / 1000).toFixed(1)} s); RSS so far ${peak.toFixed(0)} MiB`);
    await pause(3000); // every first poll held before the first message
    if (process.env.BENCH_HEAP) {
      // What the held polls keep alive, before any message: a snapshot in the working folder.
      api.kill('SIGUSR2');
      await pause(30_000);
    }
    for (const g of generators) g.worker.postMessage({ type: 'reset-loop' });

    log(`bench:inbox: ${POLLERS} events polls, ${MATCHES} matches sending ${RATE} messages/s for ${SECONDS} s, ${os.cpus().length} CPUs, ${WORKERS} generator threads`);
    const postgres = findPid(services.dir);
    const pgCpu = () => (postgres ? treeCpuMs(postgres) : NaN);
    const before = { at: performance.now(), cpu: process.cpuUsage(), apiCpu: treeCpuMs(pid), pgCpu: pgCpu(), machine: machineCpuMs(), polls: sum(generators, (r) => r.requests) };
    // Poll requests per second while sending: a wave of expiring polls shows here.
    const pollsBySecond: number[] = [];
    let lastPolls = before.polls;
    const counter = setInterval(() => {
      const now = sum(generators, (r) => r.requests);
      pollsBySecond.push(now - lastPolls);
      lastPolls = now;
    }, 1000);
    const sent = await sendSchedule(senderPool, senders, ledger, RATE, SECONDS).finally(() => clearInterval(counter));
    log(`  events poll requests by second of sending: ${pollsBySecond.join(' ')}`);
    const window = (performance.now() - before.at) / 1000;
    const after = { cpu: process.cpuUsage(before.cpu), apiCpu: treeCpuMs(pid), pgCpu: pgCpu(), machine: machineCpuMs(), polls: sum(generators, (r) => r.requests) };
    // Lost means never seen: the grace starts again while messages still arrive (an API far behind
    // delivers minutes late), up to 2 minutes.
    let graceUntil = performance.now() + GRACE_SECONDS * 1000;
    const graceCap = performance.now() + 120_000;
    for (let seen = ledger.delivered; (ledger.lost() > 0 || ledger.echoesMissing() > 0) && performance.now() < graceUntil; await pause(50)) {
      if (ledger.delivered > seen) graceUntil = Math.min(graceCap, performance.now() + GRACE_SECONDS * 1000);
      seen = ledger.delivered;
    }
    await pause(300); // a duplicate would come right after
    const end = treeRssMiB(pid);
    peak = Math.max(peak, end);

    stopping = true;
    for (const g of generators) g.worker.postMessage({ type: 'stop' });
    await Promise.all(generators.map((g) => g.done));
    const statuses = statusesOf(generators, sent.statuses);
    printReport({
      pollers: POLLERS, matches: MATCHES, rate: RATE, seconds: SECONDS, graceSeconds: GRACE_SECONDS, workers: WORKERS, apiProcesses: API_PROCESSES, cpus: os.cpus().length,
      ledger, sent, window, statuses,
      pollRequests: after.polls - before.polls,
      seqBackwards: sum(generators, (r) => r.seqBackwards),
      rss: { peak, end },
      apiCpuPct: ((after.apiCpu - before.apiCpu) / 1000 / window) * 100,
      generatorCpuPct: ((after.cpu.user + after.cpu.system) / 1e6 / window) * 100,
      postgresCpuPct: ((after.pgCpu - before.pgCpu) / 1000 / window) * 100,
      // Of all CPUs: what the bench's three parts leave of it was someone else's.
      machineBusyPct: ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * 100,
      loadAverage: os.loadavg()[0]!,
      loopP99: Math.max(...generators.map((g) => g.last?.loopP99 ?? 0)),
      loopMax: Math.max(...generators.map((g) => g.last?.loopMax ?? 0)),
    });
  } finally {
    clearInterval(sampler);
    await Promise.all(generators.map((g) => g.worker.terminate()));
    await senderPool?.destroy().catch(() => {});
    await stopApi(api);
    await services.stop();
  }
}

try {
  await main();
} catch (err) {
  console.error(`bench:inbox: ${(err as Error).message}`);
  process.exitCode = 1;
}
