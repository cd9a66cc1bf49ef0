import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig } from '../api/config.js';
import { migrator } from '../api/db/migrator.js';
import { createSequelize } from '../api/db/sequelize.js';
import { benchApiEnv } from './lib/api-env.js';
import { startBenchServices } from './lib/services.js';
import { findPid, machineCpuMs, startApi, stopApi, treeCpuMs, treeRssMiB } from './lib/api-process.js';
import type { ClientData, ClientReport } from './swipe/client.js';
import { printReport } from './swipe/report.js';
import { pgStatsWindow } from './lib/pg-stats.js';
import { seedSwipe } from './swipe/seed.js';

/**
 * The swipe loop under load: BENCH_CLIENTS clients (200) each start at the API root and follow
 * links for BENCH_SECONDS (30, after BENCH_WARMUP_SECONDS of warm-up): a candidates page, like or
 * pass on each card through its templates, the page's `next`; after one page in five the matches
 * list, one match's messages and a `send`. The API runs in its own process (BENCH_PROF=folder
 * writes its CPU profile there); the clients run in BENCH_WORKERS threads with undici pools.
 * Targets on 2 CPUs: ≥ 870 requests/s (3 × the 290 first measured), p95 ≤ 250 ms, 0 errors.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CLIENTS = env('BENCH_CLIENTS', 200);
const USERS = env('BENCH_USERS', 3000);
const SECONDS = env('BENCH_SECONDS', 30);
const WARMUP = env('BENCH_WARMUP_SECONDS', 5);
const WORKERS = env('BENCH_WORKERS', 2);
const log = (line: string) => console.error(line);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  if (CLIENTS > USERS) throw new Error(`BENCH_CLIENTS (${CLIENTS}) must not exceed BENCH_USERS (${USERS})`);
  const services = await startBenchServices('swipe', log);
  let api: ChildProcess | undefined;
  let workers: Worker[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const sequelize = createSequelize(services.databaseUrl);
    await migrator(sequelize).up();
    await sequelize.close();
    const apiEnv = benchApiEnv(services, { CHAT_MESSAGES_PER_MINUTE: '100000' });
    const config = loadConfig(apiEnv); // fails here, with its own message, rather than in the child
    const db = new pg.Client({ connectionString: services.databaseUrl });
    await db.connect();
    const t = Date.now();
    const clients = await seedSwipe(db, config, USERS, CLIENTS, 0.3);
    await db.end();
    log(`  seeded ${USERS} users with photos, ${CLIENTS} logins, in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const started = await startApi(apiEnv);
    api = started.child;
    const pid = api.pid!;
    let peak = 0;
    sampler = setInterval(() => (peak = Math.max(peak, treeRssMiB(pid) || 0)), 200);
    const reports: ClientReport[] = [];
    workers = Array.from({ length: WORKERS }, (_, w) => {
      const data: ClientData = { base: started.url, clients: clients.filter((c) => c.n % WORKERS === w), chatChance: 0.2, likeChance: 0.5 };
      const worker = new Worker(new URL('./swipe/client.js', import.meta.url), { workerData: data });
      worker.on('message', (report: ClientReport) => reports.push(report));
      worker.on('error', (err) => log(`  a client thread failed: ${err.message}`));
      return worker;
    });
    log(`bench:swipe: ${CLIENTS} clients, ${USERS} users, warm-up ${WARMUP} s, then ${SECONDS} s measured, ${os.cpus().length} CPUs, ${WORKERS} client threads`);
    await pause(WARMUP * 1000);
    const pgStats = await pgStatsWindow(services.databaseUrl, log);
    for (const w of workers) w.postMessage({ type: 'measure' });
    const postgres = findPid(services.dir);
    const pgCpu = () => (postgres ? treeCpuMs(postgres) : NaN);
    const before = { at: performance.now(), cpu: process.cpuUsage(), apiCpu: treeCpuMs(pid), pgCpu: pgCpu(), machine: machineCpuMs() };
    await pause(SECONDS * 1000);
    const window = (performance.now() - before.at) / 1000;
    const after = { cpu: process.cpuUsage(before.cpu), apiCpu: treeCpuMs(pid), pgCpu: pgCpu(), machine: machineCpuMs() };
    const loadAverage = os.loadavg() as [number, number, number];
    const exited = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    for (const w of workers) w.postMessage({ type: 'stop' });
    await Promise.race([Promise.all(exited), pause(10_000)]);
    // generatorCpuPct counts this main thread and the client threads (process.cpuUsage covers them all).
    const figures = printReport({
      clients: CLIENTS, users: USERS, seconds: window, workers: WORKERS, cpus: os.cpus().length, reports, rssPeak: peak,
      apiCpuPct: ((after.apiCpu - before.apiCpu) / 1000 / window) * 100,
      postgresCpuPct: ((after.pgCpu - before.pgCpu) / 1000 / window) * 100,
      generatorCpuPct: ((after.cpu.user + after.cpu.system) / 1e6 / window) * 100,
      machineBusyPct: ((after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)) * 100,
      loadAverage,
    });
    await pgStats?.report(figures.requestsPerSecond * window);
  } finally {
    clearInterval(sampler);
    await Promise.all(workers.map((w) => w.terminate()));
    await stopApi(api);
    await services.stop();
  }
}

await main();
