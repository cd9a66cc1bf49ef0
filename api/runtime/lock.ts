import fs from 'node:fs/promises';
import path from 'node:path';
import { isAlive, startTime } from './processes.js';

/** A start-up failure whose message is the whole story: printed as one line, no stack. */
export class StartError extends Error {}

export interface DataDirLock {
  file: string;
  release(): Promise<void>;
}

const LOCK_FILE = 'friender.pid';

/** "PID START" — the start time tells a live holder from a later process given the same PID. */
const describe = (pid: number) => `${pid} ${startTime(pid) ?? ''}`.trim();

function holder(text: string): number | undefined {
  const [pid, started] = text.trim().split(/\s+/);
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0 || n === process.pid || !isAlive(n)) return undefined;
  // Where the start time can be read, a different one means the PID was reused: a stale lock.
  const now = startTime(n);
  return started && now && started !== now ? undefined : n;
}

/**
 * One API per data folder: the embedded PostgreSQL, s3rver and secrets there belong to one process.
 * The lock is a file naming its holder, checked for liveness, so a holder killed with -9 (or by the
 * OOM killer) leaves nothing that blocks the next start.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    await fs.mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new StartError(`cannot create the data folder ${dataDir}: ${(err as Error).message}`);
  }
  for (let attempt = 0; ; attempt += 1) {
    try {
      await fs.writeFile(file, `${describe(process.pid)}\n`, { flag: 'wx', mode: 0o644 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new StartError(`cannot write ${file}: ${(err as Error).message}`);
    }
    const pid = holder(await fs.readFile(file, 'utf8').catch(() => ''));
    if (pid !== undefined) {
      throw new StartError(`data folder ${dataDir} is already in use by process ${pid} (another friender API); stop it, or set FRIENDER_DATA_DIR to another folder`);
    }
    // Left by a process that is gone. Another starter may be replacing it at this very moment: the
    // exclusive create above decides between us, and PostgreSQL's own postmaster.pid backs it up.
    if (attempt > 3) throw new StartError(`cannot take ${file}: it keeps changing`);
    await fs.rm(file, { force: true });
  }
  return {
    file,
    async release() {
      const text = await fs.readFile(file, 'utf8').catch(() => '');
      if (Number(text.trim().split(/\s+/)[0]) === process.pid) await fs.rm(file, { force: true });
    },
  };
}
