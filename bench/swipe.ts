import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { loadConfig, type Config } from '../api/config.js';
import { migrator } from '../api/db/migrator.js';
import { createSequelize } from '../api/db/sequelize.js';
import { benchApiEnv } from './lib/api-env.js';
import { startBenchServices } from './lib/services.js';
import { findPid, machineCpuMs, startApi, stopApi, treeCpuMs, treeRssMiB } from './lib/api-process.js';
import type { ClientData, ClientReport } from './swipe/client.js';
import { printReport } from './swipe/report.js';
import { pgStatsWindow } from './lib/pg-stats.js';
import { seedSwipe } from './swipe/seed.js';
import { benchNumber } from './lib/env.js';

/**
 * The swipe loop under load: BENCH_CLIENTS clients (200) each start at the API root and follow
 * links for BENCH_SECONDS (30, after BENCH_WARMUP_SECONDS of warm-up): a candidates page, like or
 * pass on each card through its templates, the page's `next`; after one page in five the matches
 * list, one match's messages and a `send`. The API runs in its own process (BENCH_PROF=folder
 * writes its CPU profile there); the clients run in BENCH_WORKERS threads with undici pools.
 * Targets on 2 CPUs: ≥ 870 requests/s (3 × the 290 first measured), p95 ≤ 250 ms, 0 errors.
 *
 * BENCH_API_URL drives API instances someone else runs (several behind a proxy: docs/scaling.md)
 * instead: the bench then starts nothing, seeds its users into the database they share
 * (BENCH_DATABASE_URL, its bench users from an earlier run removed first) and signs its clients'
 * tokens with their BENCH_JWT_SECRET. BENCH_API_PIDS (comma-separated) and BENCH_POSTGRES_PID,
 * when given, are the processes whose CPU (with their children) it reports.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const CLIENTS = benchNumber('BENCH_CLIENTS', 200);
const USERS = benchNumber('BENCH_USERS', 3000);
const SECONDS = benchNumber('BENCH_SECONDS', 30);
const WARMUP = benchNumber('BENCH_WARMUP_SECONDS', 5);
const WORKERS = benchNumber('BENCH_WORKERS', 2);
// BENCH_API_PROCESSES=N: `npm run cluster` with N API instances behind nginx (N = 1 too: the proxy alone); unset: one `npm start`.
const INSTANCES = process.env.BENCH_API_PROCESSES ? benchNumber('BENCH_API_PROCESSES', 1) : undefined;
const log = (line: string) => console.error(line);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the clients drive: an API this bench starts over services of its own, or one named by BENCH_API_URL. */
interface Target {
  url: string;
  config: Config;
  databaseUrl: string;
  /** API processes and PostgreSQL's postmaster, each measured with its children; absent when unknown. */
  apiPids: number[];
  postgresPid?: number;
  stop(): Promise<void>;
}

async function ownTarget(): Promise<Target & { start: () => Promise<void> }> {
  const services = await startBenchServices('swipe', log);
  let api: ChildProcess | undefined;
  try {
    const sequelize = createSequelize(services.databaseUrl);
    await migrator(sequelize).up();
    await sequelize.close();
  } catch (err) {
    await services.stop();
    throw err;
  }
  const apiEnv = benchApiEnv(services, { CHAT_MESSAGES_PER_MINUTE: '100000' });
  const target = {
    url: '',
    config: loadConfig(apiEnv), // fails here, with its own message, rather than in the child
    databaseUrl: services.databaseUrl,
    apiPids: [] as number[],
    postgresPid: undefined as number | undefined,
    // The API starts once the users are in, as it would over a database already in use.
    async start() {
      const started = await startApi(apiEnv, { workers: INSTANCES });
      api = started.child;
      target.url = started.url;
      target.apiPids = [api.pid!];
      target.postgresPid = findPid(services.dir);
    },
    async stop() {
      await stopApi(api);
      await services.stop();
    },
  };
  return target;
}

function externalTarget(url: string): Target {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const jwtSecret = process.env.BENCH_JWT_SECRET;
  if (!databaseUrl || !jwtSecret) throw new Error('BENCH_API_URL needs BENCH_DATABASE_URL (the database its instances share) and BENCH_JWT_SECRET (their JWT_SECRET)');
  const pids = (process.env.BENCH_API_PIDS ?? '').split(',').filter(Boolean).map(Number);
  const postgresPid = process.env.BENCH_POSTGRES_PID ? Number(process.env.BENCH_POSTGRES_PID) : undefined;
  if (pids.some((p) => !Number.isInteger(p)) || (postgresPid !== undefined && !Number.isInteger(postgresPid))) throw new Error('BENCH_API_PIDS and BENCH_POSTGRES_PID are process ids');
  // Only what signing a token reads (issuer, audience, lifetime as the instances have them).
  const given = (names: string[]) => Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]!]] : [])));
  const config = loadConfig({ DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret, S3_BUCKET: 'unused', ...given(['JWT_ISSUER', 'JWT_AUDIENCE', 'TOKEN_TTL_SECONDS']) });
  return { url: url.replace(/\/+$/, ''), config, databaseUrl, apiPids: pids, postgresPid, stop: async () => {} };
}

async function main(): Promise<void> {
  if (CLIENTS > USERS) throw new Error(`BENCH_CLIENTS (${CLIENTS}) must not exceed BENCH_USERS (${USERS})`);
  const external = process.env.BENCH_API_URL;
  const own = external ? undefined : await ownTarget();
  const target: Target = own ?? externalTarget(external!);
  let workers: Worker[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    const db = new pg.Client({ connectionString: target.databaseUrl });
    await db.connect();
    const t = Date.now();
    // Someone else's database: the bench's own users of an earlier run go first (their rows with them).
    if (external) await db.query(`DELETE FROM users WHERE username LIKE 'swipe\\_%'`);
    const clients = await seedSwipe(db, target.config, USERS, CLIENTS, 0.3);
    await db.end();
    log(`  seeded ${USERS} users with photos, ${CLIENTS} logins, in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await own?.start();

    const tree = (measure: (pid: number) => number) => (target.apiPids.length ? target.apiPids.reduce((sum, pid) => sum + measure(pid), 0) : NaN);
    let peak = NaN;
    sampler = setInterval(() => (peak = Math.max(Number.isNaN(peak) ? 0 : peak, tree(treeRssMiB) || 0)), 200);
    if (!target.apiPids.length) clearInterval(sampler);
    const reports: ClientReport[] = [];
    workers = Array.from({ length: WORKERS }, (_, w) => {
      const data: ClientData = { base: target.url, clients: clients.filter((c) => c.n % WORKERS === w), chatChance: 0.2, likeChance: 0.5 };
      const worker = new Worker(new URL('./swipe/client.js', import.meta.url), { workerData: data });
      worker.on('message', (report: ClientReport) => reports.push(report));
      worker.on('error', (err) => log(`  a client thread failed: ${err.message}`));
      return worker;
    });
    log(`bench:swipe: ${CLIENTS} clients, ${USERS} users, warm-up ${WARMUP} s, then ${SECONDS} s measured, ${os.cpus().length} CPUs, ${WORKERS} client threads, against ${external ? target.url : 'its own API'}`);
    await pause(WARMUP * 1000);
    const pgStats = await pgStatsWindow(target.databaseUrl, log);
    for (const w of workers) w.postMessage({ type: 'measure' });
    const pgCpu = () => (target.postgresPid ? treeCpuMs(target.postgresPid) : NaN);
    const before = { at: performance.now(), cpu: process.cpuUsage(), apiCpu: tree(treeCpuMs), pgCpu: pgCpu(), machine: machineCpuMs() };
    await pause(SECONDS * 1000);
    const window = (performance.now() - before.at) / 1000;
    const after = { cpu: process.cpuUsage(before.cpu), apiCpu: tree(treeCpuMs), pgCpu: pgCpu(), machine: machineCpuMs() };
    const loadAverage = os.loadavg() as [number, number, number];
    const exited = workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
    for (const w of workers) w.postMessage({ type: 'stop' });
    await Promise.race([Promise.all(exited), pause(10_000)]);
    // generatorCpuPct counts this main thread and the client threads (process.cpuUsage covers them all).
    const figures = printReport({
      clients: CLIENTS, users: USERS, seconds: window, workers: WORKERS, cpus: os.cpus().length, reports, rssPeak: peak,
      target: external ? `${target.url} (${target.apiPids.length || 'unknown'} API processes)` : undefined,
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
    await target.stop();
  }
}

await main();
