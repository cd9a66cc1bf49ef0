import fs from 'node:fs/promises';
import path from 'node:path';
import { StartError } from '../lock.js';
import { commandLine, isAlive, signal, waitForExit } from '../processes.js';
import { STOP_STEPS } from './server.js';

/**
 * A server still running on our cluster from an earlier start — its API was killed with -9 and
 * it carried on under PID 1 — is stopped, so this start can run its own. Only called while we hold
 * the data folder's lock, so no live API of ours is using it. A postmaster.pid naming a process
 * that is something else now (PIDs are reused, from 1 again after a container restarts) is removed:
 * PostgreSQL would refuse to start over it.
 */
export async function stopStaleServer(pgdata: string, log: (line: string) => void): Promise<void> {
  const file = path.join(pgdata, 'postmaster.pid');
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const pid = Number(text.split('\n')[0]);
  if (!isAlive(pid)) return; // PostgreSQL itself replaces the file of a dead server
  const args = commandLine(pid);
  if (args === undefined) return; // cannot tell what it is here: leave it to PostgreSQL's own check
  const real = await fs.realpath(pgdata).catch(() => pgdata);
  const ours = /postgres$/.test(args[0] ?? '') && args.some((arg, i) => args[i - 1] === '-D' && [pgdata, real].includes(path.resolve(arg)));
  if (!ours) {
    await fs.rm(file, { force: true });
    return;
  }
  for (const [sig, ms] of STOP_STEPS) {
    signal(pid, sig);
    if (await waitForExit(pid, ms)) {
      log(`stopped the embedded PostgreSQL (process ${pid}) an earlier start left running`);
      return;
    }
  }
  throw new StartError(`an embedded PostgreSQL from an earlier start (process ${pid}) is still running on ${pgdata} and would not stop`);
}
