import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FullDisk {
  /** Where the storage server keeps its files. */
  dir: string;
  how: string;
  /** From now on writes by process `pid` fail as on a full disk. */
  fill(pid: number): Promise<void>;
  free(pid: number): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * A disk that fills up for real: a 4 MB tmpfs filled to the last byte (ENOSPC) where this process
 * may mount one (root), else a file-size limit on the storage process (EFBIG on its next write,
 * through prlimit): the same failed write, at the same place, without privileges.
 */
export async function fullDisk(): Promise<FullDisk> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-full-'));
  await fs.chmod(dir, 0o755);
  const filler = path.join(dir, 'filler');
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' }).status === 0) {
    return {
      dir,
      how: 'a full tmpfs (ENOSPC)',
      async fill() {
        const handle = await fs.open(filler, 'w');
        try {
          for (;;) await handle.write(Buffer.alloc(64 * 1024));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        } finally {
          await handle.close();
        }
      },
      free: () => fs.rm(filler, { force: true }),
      async dispose() {
        spawnSync('umount', [dir], { stdio: 'ignore' });
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
  const prlimit = (pid: number, limit: string) => {
    const run = spawnSync('prlimit', ['--pid', String(pid), `--fsize=${limit}`], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`neither a tmpfs nor prlimit is available to fill a disk: ${run.error?.message ?? run.stderr}`);
  };
  return {
    dir,
    how: 'a file-size limit (EFBIG)',
    fill: async (pid) => prlimit(pid, '1024:'),
    free: async (pid) => prlimit(pid, 'unlimited:'),
    dispose: () => fs.rm(dir, { recursive: true, force: true }),
  };
}
