import fs from 'node:fs';

/** Linux only: the figures come from /proc. */
export function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** The PID of the process's s3rver child, if it runs one (/proc children of its main thread). */
export function s3rverChild(pid: number): number | undefined {
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return children.find((child) => /s3rver/.test(fs.readFileSync(`/proc/${child}/cmdline`, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Resets a process's VmHWM so the next reading is the peak from now on. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux Node supports

/** CPU time (user + system, all threads) a process has used so far, in ms: a cost that depends far less on the machine's other load than wall time does. */
export function procCpuMs(pid: number): number {
  // The command name (field 2) may hold spaces; the fields counted here start after its ')'.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}
