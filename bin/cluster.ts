#!/usr/bin/env node
import cluster, { type Worker } from 'node:cluster';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../api/config.js';
import { startRuntime, type Runtime } from '../api/runtime/start.js';

/**
 * `npm run cluster`: one API process per CPU (WEB_CONCURRENCY to choose), sharing one port. The
 * primary brings up what they stand on once — embedded PostgreSQL and S3 when the environment
 * names none, migrations, demo data — and hands it to the workers through their environment, so
 * each worker is exactly `npm start` against external services. A worker that dies is replaced.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = Date.now();
const log = (line: string) => console.error(`friender-cluster: ${line}`);

function settingsOrExit(): { config: Config; workers: number } {
  try {
    const config = loadConfig();
    const raw = process.env.WEB_CONCURRENCY;
    const workers = raw === undefined || raw === '' ? os.availableParallelism() : Number(raw);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new ConfigError(`WEB_CONCURRENCY must be a whole number from 1 to 64, not "${raw}"`);
    return { config, workers };
  } catch (err) {
    log(err instanceof ConfigError ? err.message : String(err));
    process.exit(1);
  }
}
const { config, workers } = settingsOrExit();

let runtime: Runtime;
try {
  runtime = await startRuntime(config, log);
} catch (err) {
  log((err as Error).message);
  process.exit(1);
}

const { s3 } = runtime;
const defined = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, string>;
const workerEnv = defined({
  DATABASE_URL: runtime.databaseUrl,
  JWT_SECRET: runtime.config.jwtSecret,
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: s3.bucket,
  S3_REGION: s3.region,
  AWS_ACCESS_KEY_ID: s3.accessKeyId,
  AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
});
cluster.setupPrimary({ exec: path.join(import.meta.dirname, 'api.js') });

let stopping = false;
let ready = 0;
let restartDelayMs = 1000;
const fork = (): Worker => {
  const worker = cluster.fork(workerEnv);
  const born = Date.now();
  // Ready, not only listening: a worker listens first and answers 503 until its runtime is up.
  worker.on('message', (message: { ready?: number }) => {
    if (message?.ready === undefined) return;
    ready += 1;
    if (ready === workers) log(`listening on http://localhost:${message.ready} with ${workers} workers (ready in ${Date.now() - started} ms)`);
  });
  worker.once('exit', (code, signal) => {
    if (stopping) return;
    // A worker that lived a while starts over at once-a-second; one that keeps dying backs off to 30 s.
    if (Date.now() - born > 60_000) restartDelayMs = 1000;
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another in ${restartDelayMs / 1000} s`);
    setTimeout(() => void (stopping || fork()), restartDelayMs).unref();
    restartDelayMs = Math.min(restartDelayMs * 2, 30_000);
  });
  return worker;
};
for (let i = 0; i < workers; i += 1) fork();

/** Each worker drains as `npm start` does on SIGTERM; then what the primary started stops. */
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping ${Object.keys(cluster.workers ?? {}).length} workers`);
  const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
  const deadline = setTimeout(() => alive.forEach((w) => w.process.kill('SIGKILL')), (config.shutdownGraceSeconds + 10) * 1000);
  await Promise.all(alive.map((w) => new Promise<void>((resolve) => {
    w.once('exit', () => resolve());
    w.send('shutdown');
  })));
  clearTimeout(deadline);
  await runtime.stop();
  log('stopped');
  process.exit(0);
}
process.on('SIGINT', (s) => void shutdown(s));
process.on('SIGTERM', (s) => void shutdown(s));
