import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../../api/runtime/embedded.js';
import { childrenOf } from '../../api/runtime/processes.js';

const apiMain = path.join(import.meta.dirname, '..', '..', 'bin', 'api.js');
const clusterMain = path.join(import.meta.dirname, '..', '..', 'bin', 'cluster.js');

/**
 * The API as its own process, as in production, listening on a free port of 127.0.0.1. It inherits
 * this process's limits (the open-files limit a load of thousands of connections needs).
 * BENCH_PROF=some/folder writes a V8 CPU profile of it there.
 */
export async function startApi(env: Record<string, string>, options: { workers?: number } = {}): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  // workers: `npm run cluster` with that many API processes behind nginx (the profile flags reach each of them).
  const main = options.workers ? clusterMain : apiMain;
  const ready = options.workers ? `with ${options.workers} instances behind nginx` : 'listening on';
  if (options.workers) env = { ...env, FRIENDER_INSTANCES: String(options.workers) };
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_PROF] : [];
  // BENCH_HEAP=1: SIGUSR2 makes it write a heap snapshot into the working folder (benches that support it send one).
  if (process.env.BENCH_HEAP) prof.push('--heapsnapshot-signal=SIGUSR2');
  if (process.env.BENCH_API_FLAGS) prof.push(...process.env.BENCH_API_FLAGS.split(' '));
  const child = spawn(process.execPath, [...prof, main], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(ready)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the API exited (${code}): ${text}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function stopApi(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resident memory of a process in MiB (VmRSS), or NaN once it is gone. */
export function rssMiB(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; NaN once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** The soft open-files limit of this process (inherited by the children it starts). */
export function openFilesLimit(): number {
  try {
    return Number(/^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** The first process whose command line contains `text` (the embedded PostgreSQL's data folder, say). */
export function findPid(text: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(text)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Resident memory of a process and its children (a cluster's primary and workers), in MiB. */
export function treeRssMiB(pid: number): number {
  let total = rssMiB(pid);
  for (const child of childrenOf(pid)) total += rssMiB(child) || 0;
  return total;
}

/** CPU time of a process and its children (PostgreSQL's postmaster and its backends), in ms. */
export function treeCpuMs(pid: number): number {
  let total = cpuMs(pid);
  for (const child of childrenOf(pid)) total += cpuMs(child) || 0;
  return total;
}

/** The whole machine's CPU time, busy and in all, in ms (from /proc/stat): what else ran beside the bench shows here. */
export function machineCpuMs(): { busy: number; total: number } {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = fields[3]! + (fields[4] ?? 0); // idle, iowait
  return { busy: ((total - idle) * 1000) / 100, total: (total * 1000) / 100 };
}
