import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StartError } from '../lock.js';

const run = promisify(execFile);

/** The user PostgreSQL runs as when we are root (it refuses to run as root itself). */
export interface RunAs {
  name: string;
  uid: number;
  gid: number;
}

async function ids(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Undefined when we are not root: PostgreSQL then runs as us and reaches whatever we reach.
 * As root it runs as "postgres", made here (a system user without a home) if there is none.
 */
export async function postgresAccount(): Promise<RunAs | undefined> {
  if (os.userInfo().uid !== 0) return undefined;
  const found = await ids('postgres');
  if (found) return found;
  try {
    await run('groupadd', ['--system', 'postgres']).catch(() => {}); // may exist without the user
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (err) {
    const why = (err as { stderr?: string }).stderr?.trim().split('\n')[0] || (err as Error).message;
    throw new StartError(`embedded PostgreSQL cannot run as root and there is no user "postgres" to run it as (useradd: ${why}); create one (useradd --system postgres) or run the API as another user`);
  }
  const made = await ids('postgres');
  if (!made) throw new StartError('embedded PostgreSQL cannot run as root, and the user "postgres" made for it cannot be found');
  return made;
}

/**
 * Whether `runAs` can reach the folder or file at `target` (every folder above it searchable),
 * asked of the system as that user, so ACLs and groups count exactly as they will for PostgreSQL.
 */
export function canReach(runAs: RunAs | undefined, target: string): boolean {
  if (!runAs) return true;
  const result = spawnSync('test', ['-x', target], { uid: runAs.uid, gid: runAs.gid, cwd: '/', stdio: 'ignore' });
  return result.status === 0;
}

/** The nearest folder above `target` that `runAs` cannot pass, for the one-line reason. */
export function blockingFolder(runAs: RunAs, target: string): string {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = path.sep + parts.slice(0, i).join(path.sep);
    if (!canReach(runAs, dir)) return dir;
  }
  return target;
}

/**
 * A root-owned folder that others may read but not change (/var/lib/friender, /var/cache/friender),
 * made if missing. Anything else there — owned by another user, or writable by others — is refused:
 * root runs binaries and keeps data from it.
 */
export async function systemFolder(dir: string): Promise<string> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    const stat = await fs.lstat(dir);
    if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      throw new Error('it is not a folder owned by root and writable only by root');
    }
    if ((stat.mode & 0o005) !== 0o005) await fs.chmod(dir, 0o755);
    return dir;
  } catch (err) {
    throw new StartError(`embedded PostgreSQL needs ${dir} to run as user postgres from a folder it cannot reach, and cannot use it: ${(err as Error).message}`);
  }
}
