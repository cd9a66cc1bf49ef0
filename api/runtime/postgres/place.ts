import fs from 'node:fs/promises';
import path from 'node:path';
import { StartError } from '../lock.js';
import { blockingFolder, canReach, systemFolder, type RunAs } from './account.js';

/** Where root keeps clusters that user postgres could not reach inside the data folder. */
export const CLUSTER_HOME = '/var/lib/friender';

/**
 * The PostgreSQL data folder for the data folder `dir`: `dir/postgres`, unless PostgreSQL runs as
 * another user (we are root) who cannot reach `dir` — a clone in root's 0700 home. Then the cluster
 * lives in a root-owned folder it can reach, and `dir/postgres` is a link to it, so the data folder
 * still says where everything is and the next start finds the same cluster.
 */
export async function clusterFolder(dir: string, runAs: RunAs | undefined, log: (line: string) => void): Promise<string> {
  const link = path.join(dir, 'postgres');
  const stat = await fs.lstat(link).catch(() => undefined);
  if (stat?.isSymbolicLink()) {
    const target = path.resolve(dir, await fs.readlink(link));
    if (!(await fs.stat(target).then(() => true, () => false))) {
      throw new StartError(`${link} links to ${target}, which does not exist (the database is gone); remove the link to start with a new database`);
    }
    return target;
  }
  if (stat) {
    if (canReach(runAs, link)) return link;
    const blocked = blockingFolder(runAs!, link);
    throw new StartError(`embedded PostgreSQL runs as user postgres, which cannot reach ${link} (${blocked} is closed to it); make ${blocked} passable (chmod o+x ${blocked}) or move the data folder`);
  }
  if (canReach(runAs, dir)) return link;
  const home = await systemFolder(CLUSTER_HOME);
  const safeName = path.basename(path.dirname(dir)).replace(/[^A-Za-z0-9_.-]/g, '_') || 'friender';
  const target = await fs.mkdtemp(path.join(home, `${safeName}-`));
  await fs.symlink(target, link);
  log(`embedded PostgreSQL runs as user postgres, which cannot reach ${blockingFolder(runAs!, dir)}: its data is in ${target} (${link} links to it)`);
  return target;
}
