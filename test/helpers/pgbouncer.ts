import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../api/runtime/embedded.js';
import { postgresAccount } from '../../api/runtime/postgres/account.js';

/** The pgbouncer binary, or undefined when it is not installed (Debian puts it in /usr/sbin, often off a user's PATH). */
export async function findPgbouncer(): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, 'pgbouncer');
    if (await fs.access(file, fs.constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

export interface Bouncer {
  /** DATABASE_URL through the pooler: same user, password and database as the direct one. */
  url: string;
  pid: number;
  /** A query on its admin console (SHOW POOLS, SHOW SERVERS …). */
  admin<T>(command: string): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * A real PgBouncer in transaction mode on a free loopback port, in front of the database at
 * `direct`: its own folder, log on stderr (kept for a failure's message), no pid file or socket.
 * As root it runs as the account the embedded PostgreSQL uses (it refuses to run as root).
 */
export async function startPgbouncer(binary: string, direct: string): Promise<Bouncer> {
  const target = new URL(direct);
  const user = decodeURIComponent(target.username);
  const password = decodeURIComponent(target.password);
  const database = target.pathname.slice(1);
  const port = await freePort();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-pgbouncer-'));
  await fs.chmod(dir, 0o755);
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  await fs.writeFile(path.join(dir, 'userlist.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o644 });
  await fs.writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${target.hostname} port=${target.port} dbname=${database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = md5',
      `auth_file = ${path.join(dir, 'userlist.txt')}`,
      `admin_users = ${user}`,
      'pool_mode = transaction',
      // Fewer server connections than the app's pool: clients must share them, as in production.
      'default_pool_size = 4',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits,options,statement_timeout',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const runAs = await postgresAccount();
  const child = spawn(binary, [...(runAs ? ['-u', runAs.name] : []), path.join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const adminUrl = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/pgbouncer`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM'); // its immediate shutdown
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
  const admin = async <T>(command: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(command)).rows as T[];
    } finally {
      await client.end().catch(() => {});
    }
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`pgbouncer exited at start: ${log.trim()}`);
    }
    try {
      await admin('SHOW VERSION');
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not answer within 10 s (${(err as Error).message}): ${log.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { url, pid: child.pid!, admin, stop };
}
