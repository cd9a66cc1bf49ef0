#!/usr/bin/env node
import http from 'node:http';
import { ConfigError, loadConfig, type Config } from '../api/config.js';
import { createApp } from '../api/app.js';
import { answerClientErrors } from '../api/http/client-errors.js';
import { drain, notReadyYet } from '../api/http/lifecycle.js';
import { applyServerLimits } from '../api/http/server.js';
import { createOutbox, outboxSettings, startSweeper } from '../api/storage/outbox.js';
import { systemClock } from '../api/clock.js';
import { lockDataDir, type DataDirLock } from '../api/runtime/lock.js';
import { startRuntime, usesDataDir, type Runtime } from '../api/runtime/start.js';

// The pinned SDK runs on Node 20; its notice about future releases is not the operator's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader of the log that went away (`npm start | tee log`, and Ctrl-C stops tee too) must not
// end a shutdown half-way, leaving the embedded PostgreSQL running: the lines it misses are lost, nothing else.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
const started = Date.now();
const log = (line: string) => console.error(`friender-api: ${line}`);

let lock: DataDirLock | undefined;
let runtime: Runtime | undefined;
let starting: Promise<Runtime> | undefined;
let server: http.Server | undefined; // eslint-disable-line prefer-const -- assigned after the lock, read by fail() and shutdown()
let stopping: Promise<void> | undefined;
let sweeper: { stop(): Promise<void> } | undefined; // eslint-disable-line prefer-const -- assigned once ready, read by shutdown()
const draining = new AbortController();

/**
 * Expected start-up failures are one line and exit 1. Whatever was started is stopped first:
 * startRuntime() stops its own part when it fails; the port and the lock are ours.
 */
async function fail(reason: string): Promise<never> {
  log(reason);
  server?.close();
  await lock?.release();
  process.exit(1);
}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    log(err instanceof ConfigError ? err.message : String(err));
    process.exit(1);
  }
}
const config = configOrExit();

/**
 * SIGTERM/SIGINT: stop taking connections, answer held polls at once (draining), give the other
 * requests in flight (uploads) SHUTDOWN_GRACE_SECONDS to finish, then stop the runtime (pool,
 * listener, demo photos, embedded servers) and exit 0. A second signal cuts the grace short.
 */
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) {
    log(`${signal} again: cutting the requests still in flight`);
    server?.closeAllConnections();
    return;
  }
  stopping = (async () => {
    const grace = config.shutdownGraceSeconds;
    draining.abort();
    // drain() closes the port before it returns its promise, so once this line is out, no new connection gets in.
    const drained = server?.listening ? drain(server, grace * 1000) : Promise.resolve(true);
    log(`${signal}: stopping (requests in flight get up to ${grace} s)`);
    const inTime = await drained;
    if (!inTime) log(`requests still in flight after ${grace} s were cut`);
    // A signal mid-start lets the start finish, then stops all of it.
    const ready = await starting?.catch(() => undefined);
    // The sweeper goes before the pool it queries.
    await sweeper?.stop();
    await ready?.stop();
    await lock?.release();
    log('stopped');
    process.exit(0);
  })();
}
// Started by bin/cluster.ts (it gives its instances an IPC channel), the primary decides: a
// terminal's Ctrl-C may reach every process of the group, and an instance must drain once, when
// told — or at once if the primary is gone (even killed with -9: the channel closes).
const supervised = process.send !== undefined;
if (supervised) {
  process.on('SIGINT', () => {});
  process.on('message', (message) => message === 'shutdown' && shutdown('SIGTERM'));
  process.on('disconnect', () => shutdown('SIGTERM'));
} else process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

// Order matters: the data folder first (a second API on it is told who holds it), then the port
// (a taken one is reported before any migration or seeding), then everything else.
try {
  if (usesDataDir(config)) lock = await lockDataDir(config.dataDir);
} catch (err) {
  await fail((err as Error).message);
}
let handler: http.RequestListener = notReadyYet;
server = http.createServer((req, res) => handler(req, res));
answerClientErrors(server);
applyServerLimits(server, config.server);
try {
  await new Promise<void>((resolve, reject) => {
    server!.once('error', reject);
    server!.listen(config.port, config.host, () => {
      server!.off('error', reject);
      resolve();
    });
  });
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  await fail(
    e.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT to another port)` :
    e.code === 'EACCES' ? `no permission to listen on port ${config.port}` : `cannot listen on ${config.host}:${config.port}: ${e.message}`,
  );
}

try {
  starting = startRuntime(config, log, { lock });
  runtime = await starting;
} catch (err) {
  if (!stopping) await fail((err as Error).message);
}
if (stopping) await stopping; // a signal during start-up: shutdown() stops what was started, and exits
const app = createApp({
  sequelize: runtime!.sequelize, storage: runtime!.storage, config: runtime!.config, clock: systemClock, logger: console, notifier: runtime!.notifier, draining: draining.signal,
});
handler = app;
// Retries removing photo objects whose rows are gone (api/storage/outbox.ts); every instance runs one.
const outbox = createOutbox({ sequelize: runtime!.sequelize, storage: runtime!.storage, clock: systemClock, logger: console, settings: outboxSettings(runtime!.config) });
sweeper = startSweeper(outbox, runtime!.config.storageSweepSeconds, { info: log, warn: log });
const { port } = server.address() as import('node:net').AddressInfo;
log(`listening on http://localhost:${port} (ready in ${Date.now() - started} ms)`);
if (supervised) process.send?.({ ready: port });
