#!/usr/bin/env node
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../api/config.js';
import { freePort } from '../api/runtime/embedded.js';
import { lockDataDir, StartError, type DataDirLock } from '../api/runtime/lock.js';
import { startRuntime, type Runtime } from '../api/runtime/start.js';
import { checkPortFree, findNginx, nginxArgs, stopLeftoverNginx, writeNginxConfig } from '../api/runtime/cluster/nginx.js';
import { Supervised } from '../api/runtime/cluster/supervised.js';

/**
 * `npm run cluster`: production's shape on one machine. The primary brings up what the instances
 * stand on once — embedded PostgreSQL and S3 when the environment names none, migrations, demo
 * data — then starts FRIENDER_INSTANCES (default 3) separate API processes, each `npm start`
 * against those services on a port of its own on 127.0.0.1, and nginx in front of them on PORT,
 * with the configuration deploy/ describes. A process that dies is started again. The PIDs are
 * in <data folder>/cluster.json.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader of the log that went away (`npm start | tee log`, and Ctrl-C stops tee too) must not
// end a shutdown half-way, leaving the embedded PostgreSQL running: the lines it misses are lost, nothing else.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
const started = Date.now();
const log = (line: string) => console.error(`friender-cluster: ${line}`);

function settingsOrExit(): { config: Config; count: number; nginx: string } {
  try {
    const config = loadConfig();
    // FRIENDER_INSTANCES; WEB_CONCURRENCY (what many hosts set for a process count) is read too.
    const name = process.env.FRIENDER_INSTANCES ? 'FRIENDER_INSTANCES' : 'WEB_CONCURRENCY';
    const raw = process.env[name];
    const count = raw === undefined || raw === '' ? 3 : Number(raw);
    if (!Number.isInteger(count) || count < 1 || count > 64) throw new ConfigError(`${name} must be a whole number from 1 to 64, not "${raw}"`);
    return { config, count, nginx: findNginx() };
  } catch (err) {
    log(err instanceof ConfigError || err instanceof StartError ? err.message : String(err));
    process.exit(1);
  }
}
const { config, count, nginx } = settingsOrExit();
const nginxDir = path.join(config.dataDir, 'nginx');
const pidsFile = path.join(config.dataDir, 'cluster.json');

let lock: DataDirLock | undefined;
let runtime: Runtime | undefined;
let starting: Promise<Runtime> | undefined;
let nginxProcess: Supervised | undefined;
const instances: Supervised[] = [];
let stopping: Promise<void> | undefined;

async function fail(reason: string): Promise<never> {
  log(reason);
  await Promise.all([nginxProcess, ...instances].map((p) => p?.stop((c) => c.kill('SIGKILL'), 0)));
  await runtime?.stop();
  await lock?.release();
  fs.rmSync(pidsFile, { force: true });
  process.exit(1);
}

/** Who runs now, for people and tests that must signal one of them (written whole, then renamed). */
function writePids(): void {
  const state = {
    pid: process.pid,
    port: config.port,
    nginx: nginxProcess?.pid ?? null,
    instances: instances.map((p, i) => ({ instance: i + 1, pid: p.pid ?? null, port: ports[i], ready: p.ready })),
  };
  fs.writeFileSync(`${pidsFile}.tmp`, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(`${pidsFile}.tmp`, pidsFile);
}

/**
 * SIGTERM/SIGINT: nginx stops taking connections and lets the requests it carries finish
 * (SIGQUIT), while each instance drains as `npm start` does (held polls answered at once, uploads
 * given SHUTDOWN_GRACE_SECONDS); then the runtime stops, exit 0. A second signal cuts it short.
 */
function shutdown(signal: NodeJS.Signals): void {
  const graceMs = (config.shutdownGraceSeconds + 10) * 1000;
  if (stopping) {
    log(`${signal} again: cutting the requests still in flight`);
    nginxProcess?.child?.kill('SIGTERM');
    instances.forEach((p) => p.child?.connected && p.child.send('shutdown'));
    return;
  }
  stopping = (async () => {
    log(`${signal}: stopping nginx and ${instances.length} instances`);
    await Promise.all([
      nginxProcess?.stop((c) => c.kill('SIGQUIT'), graceMs),
      ...instances.map((p) => p.stop((c) => c.send('shutdown'), graceMs)),
    ]);
    // A signal mid-start lets the runtime's start finish, then stops all of it.
    const ready = await starting?.catch(() => undefined);
    await ready?.stop();
    await lock?.release();
    fs.rmSync(pidsFile, { force: true });
    log('stopped');
    process.exit(0);
  })();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

// The data folder first (a second cluster on it is told who holds it), then an nginx a cluster
// killed with -9 left on it (it holds the port), then the port — a taken one is reported before
// any migration — then the rest.
let ports: number[] = [];
try {
  lock = await lockDataDir(config.dataDir);
  await stopLeftoverNginx(nginxDir, log);
  await checkPortFree(config.host, config.port);
  // A signal before this point has nothing to wait for; from here on shutdown() waits for the start.
  if (!stopping) starting = startRuntime(config, log, { lock });
  runtime = await starting;
  ports = await Promise.all(Array.from({ length: count }, () => freePort()));
} catch (err) {
  if (!stopping) await fail((err as Error).message);
}
if (stopping) await stopping;

const { s3 } = runtime!;
const defined = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, string>;
const instanceEnv = {
  ...process.env,
  ...defined({
    DATABASE_URL: runtime!.databaseUrl,
    JWT_SECRET: runtime!.config.jwtSecret,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
  }),
  // Only nginx reaches them, and nginx is the one hop they trust for the client's address.
  HOST: '127.0.0.1',
  TRUST_PROXY: process.env.TRUST_PROXY || '1',
};

for (const [i, port] of ports.entries()) {
  instances.push(new Supervised({
    name: `instance ${i + 1}`,
    // stdin none, output piped, and an IPC channel: the instance says when it is ready, and drains
    // and exits when the channel closes (this process gone, even by kill -9).
    // Node's own flags (--cpu-prof, --max-old-space-size…) reach each instance, as they would a worker.
    spawn: () => spawn(process.execPath, [...process.execArgv, path.join(import.meta.dirname, 'api.js')], {
      env: { ...instanceEnv, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true,
    }),
    isReadyMessage: (message) => (message as { ready?: number } | null)?.ready === port,
    log,
    onChange: writePids,
  }));
}

/** Ready means through nginx: GET /health answers 200 (an instance has its database and bucket). */
async function throughNginx(): Promise<boolean> {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host.includes(':') ? `[${config.host}]` : config.host;
  try {
    const res = await fetch(`http://${host}:${config.port}/health`, { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

try {
  await Promise.all(instances.map((p) => p.start()));
  const conf = writeNginxConfig({ dir: nginxDir, host: config.host, port: config.port, instancePorts: ports });
  nginxProcess = new Supervised({
    name: 'nginx',
    spawn: () => {
      const child = spawn(nginx, nginxArgs(nginxDir, conf), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      // nginx says nothing when it is up: it is ready once a request goes through it.
      const poll = setInterval(() => void throughNginx().then((ok) => ok && child.exitCode === null && (clearInterval(poll), nginxProcess!.markReady())), 100);
      child.once('exit', () => clearInterval(poll));
      return child;
    },
    log,
    onChange: writePids,
  });
  await nginxProcess.start();
} catch (err) {
  if (!stopping) await fail((err as Error).message);
}
if (stopping) await stopping;
log(`listening on http://localhost:${config.port} with ${count} instances behind nginx (ready in ${Date.now() - started} ms; PIDs in ${pidsFile})`);

