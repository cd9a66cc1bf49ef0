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
