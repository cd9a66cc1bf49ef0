import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Start-up time of `friender --help` against a bare `node -e 0`: the part of every
 * command's latency that is ours. Target (issue 14): the median at most 1.6× bare Node.
 */
const RUNS = 20;
const WARMUP = 3;
const TARGET = 1.6;
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'friender.js');

function time(args: string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(args: string[]): number {
  for (let i = 0; i < WARMUP; i += 1) time(args); // fills the OS file cache, so run 1 is not an outlier
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) samples.push(time(args));
  return median(samples);
}

const bare = measure(['-e', '0']);
const help = measure([bin, '--help']);
const ratio = help / bare;
console.log(`node -e 0          median ${bare.toFixed(1)} ms (${RUNS} runs)`);
console.log(`friender --help    median ${help.toFixed(1)} ms (${RUNS} runs)`);
console.log(`ratio              ${ratio.toFixed(2)}× (target ≤ ${TARGET}×) ${ratio <= TARGET ? 'ok' : 'OVER TARGET'}`);
