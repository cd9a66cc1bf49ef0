import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../api/runtime/embedded.js';
import { commandLine, isAlive, signal, waitForExit } from '../../api/runtime/processes.js';
import { answer, person } from './factories.js';
import { call } from './http.js';
import { spawnNode, type Spawned } from './process.js';

export interface ApiProcess extends Spawned {
  pid: number;
  port: number;
  base: string;
}

/** The PID in a data folder's postmaster.pid while that server runs (through the link, when relocated). */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return isAlive(pid) && /postgres$/.test(commandLine(pid)?.[0] ?? 'postgres') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every process a fault test starts, so it can end them by PID whatever happened: the API
 * processes, and the PostgreSQL each data folder may hold (one a killed API left behind too).
 */
export class Started {
  private readonly pids = new Set<number>();
  private readonly dirs = new Set<string>();

  /** bin/api.js on a free port (unless PORT is given), with settings fit for tests. */
  async api(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
    const port = Number(env.PORT ?? (await freePort()));
    const spawned = spawnNode('dist/bin/api.js', [], { BCRYPT_COST: '4', SIGNUPS_PER_IP_PER_HOUR: '1000', ...env, PORT: String(port) });
    this.pids.add(spawned.child.pid!);
    if (env.FRIENDER_DATA_DIR) this.dirs.add(env.FRIENDER_DATA_DIR);
    return Object.assign(spawned, { pid: spawned.child.pid!, port, base: `http://127.0.0.1:${port}` });
  }

  /** A folder that is removed at the end, with what it links to (a cluster root keeps elsewhere). */
  folder(dir: string): string {
    this.dirs.add(dir);
    return dir;
  }

  async killAll(): Promise<void> {
    for (const pid of this.pids) if (isAlive(pid)) signal(pid, 'SIGKILL');
    for (const pid of this.pids) await waitForExit(pid, 5_000);
    for (const dir of this.dirs) {
      const pid = postmasterPid(dir);
      if (pid === undefined) continue;
      signal(pid, 'SIGQUIT'); // immediate shutdown: it ends its own backends too
      if (!(await waitForExit(pid, 5_000))) signal(pid, 'SIGKILL');
    }
    this.pids.clear();
  }

  async removeFolders(): Promise<void> {
    await this.killAll();
    // Links first: a folder may hold another's data folder, and its link would go with it.
    for (const dir of this.dirs) {
      const link = path.join(dir, 'postgres');
      if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.rmSync(path.resolve(dir, fs.readlinkSync(link)), { recursive: true, force: true });
    }
    for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
    this.dirs.clear();
  }
}

/** A temporary folder that PostgreSQL's user can reach (mkdtemp makes 0700; root's PostgreSQL is another user). */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return dir;
}

let template: Promise<string> | undefined;

/**
 * A data folder that has been through a whole first start (cluster made, migrated, seeded, demo
 * photos filled in) and a clean stop, made once per run: each test gets its own copy, a started
 * install as a person has it, in well under a second.
 */
export function preparedDataDir(started: Started): Promise<string> {
  template ??= (async () => {
    const dir = tempDir('friender-template-');
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const maker = new Started();
    try {
      const api = await maker.api({ FRIENDER_DATA_DIR: dir });
      await api.waitFor(/demo photos: \d+ photos/, 120_000);
      api.child.kill('SIGTERM');
      if ((await api.exited) !== 0) throw new Error(`the first start did not stop cleanly:\n${api.output()}`);
    } finally {
      await maker.killAll();
    }
    return dir;
  })();
  return template.then((source) => {
    const dir = started.folder(tempDir('friender-fault-'));
    // cp -a: as root the cluster belongs to user postgres, and must go on doing so.
    execFileSync('cp', ['-a', `${source}/.`, dir]);
    return dir;
  });
}

/** Two people who like each other through the API, and their match. */
export async function matchedPair(base: string, prefix: string) {
  const a = await person(base, `${prefix}_a`);
  const b = await person(base, `${prefix}_b`);
  await answer(base, a, b.username, 'like');
  const liked = await answer(base, b, a.username, 'like');
  if (!liked.body?.matched) throw new Error(`no match: ${liked.status} ${liked.text}`);
  const matches = await call(base, 'GET', '/matches', { token: a.token });
  return { a, b, matchId: matches.body._embedded.matches[0].id as string };
}
