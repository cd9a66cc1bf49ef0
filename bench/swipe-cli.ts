import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { migrator } from '../api/db/migrator.js';
import { createSequelize } from '../api/db/sequelize.js';
import { Terminal } from '../test/helpers/pty.js';
import { benchApiEnv } from './lib/api-env.js';
import { startBenchServices } from './lib/services.js';
import { startApi, stopApi } from './lib/api-process.js';
import { retireViewer, seedDeck, signupViewer } from './swipe-cli/seed.js';
import { benchNumber } from './lib/env.js';

/**
 * `friender swipe` as a person uses it: the built CLI in a real pseudo-terminal (the tests'
 * harness, test/helpers/pty.ts) against the API in its own process, with photos on s3rver.
 * For each key (n and y in turn) it times from writing the key to the next card's name being
 * on the screen, after looking at each card for BENCH_THINK_MS (a person does not answer in 0 ms).
 * BENCH_BASELINE=other/dist/bin/friender.js times another build too, in alternate rounds over the
 * same API, so before and after share the machine's mood. Target: p95 ≤ 50 ms.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const KEYS = benchNumber('BENCH_KEYS', 20);
const ROUNDS = benchNumber('BENCH_ROUNDS', 3);
const THINK_MS = benchNumber('BENCH_THINK_MS', 300);
const PHOTOS = benchNumber('BENCH_PHOTOS', 2);
const TARGET_MS = 50;
const THIS_BUILD = path.resolve(import.meta.dirname, '..', 'bin', 'friender.js');
const log = (line: string) => console.error(line);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A card's first line: `name, age  N miles away  …`; the name of the card on the screen. */
const cardName = (text: string) => /^(card_\d+), /m.exec(text)?.[1];

/** One viewer swipes KEYS cards; the ms from each key to the next card's name on the screen. */
async function swipeOnce(bin: string, apiUrl: string, token: string): Promise<number[]> {
  const t = new Terminal(['swipe'], { FRIENDER_API_URL: apiUrl, FRIENDER_TOKEN: token, FRIENDER_QUIET: '1' }, { script: bin, cols: 100, rows: 40 });
  try {
    let { text } = await t.shown(/y or → like/, 60_000);
    const seen = new Set<string>();
    const times: number[] = [];
    for (let k = 0; k < KEYS; k += 1) {
      const current = cardName(text);
      if (!current) throw new Error(`no card on the screen:\n${text}`);
      if (seen.has(current)) throw new Error(`${current} was shown twice`);
      seen.add(current);
      await pause(THINK_MS);
      const next = t.shown(new RegExp(`^(?!${current},)card_\\d+, `, 'm'));
      const pressed = performance.now();
      t.press(k % 2 === 0 ? 'n' : 'y');
      const shown = await next;
      times.push(shown.at - pressed);
      text = shown.text;
    }
    t.press('q');
    const code = await Promise.race([t.exited, pause(10_000).then(() => 'no exit within 10 s')]);
    if (code !== 0) throw new Error(`friender swipe ended with ${code}:\n${t.raw.slice(-500)}`);
    return times;
  } finally {
    t.kill();
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function row(label: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = quantile(sorted, 0.95);
  const f = (ms: number) => `${ms.toFixed(1).padStart(6)} ms`;
  return `${label.padEnd(10)} keys ${String(sorted.length).padStart(3)}   p50 ${f(quantile(sorted, 0.5))}   p95 ${f(p95)}   max ${f(sorted.at(-1)!)}   ${p95 <= TARGET_MS ? 'ok' : 'OVER TARGET'}`;
}

async function main(): Promise<void> {
  const builds: Array<{ label: string; bin: string; times: number[] }> = [];
  if (process.env.BENCH_BASELINE) builds.push({ label: 'before', bin: path.resolve(process.env.BENCH_BASELINE), times: [] });
  builds.push({ label: process.env.BENCH_BASELINE ? 'after' : 'this build', bin: THIS_BUILD, times: [] });
  const services = await startBenchServices('swipe-cli', log);
  let api: ChildProcess | undefined;
  try {
    const sequelize = createSequelize(services.databaseUrl);
    await migrator(sequelize).up();
    await sequelize.close();
    const started = await startApi(benchApiEnv(services, { SIGNUPS_PER_IP_PER_HOUR: '1000000' }));
    api = started.child;
    const t0 = Date.now();
    const cards = await seedDeck(started.url, KEYS + 4, PHOTOS);
    log(`  seeded ${cards} candidates with ${PHOTOS} photos each in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    log(`bench:swipe-cli: ${KEYS} keys a run, ${ROUNDS} rounds, ${THINK_MS} ms looking at each card, ${PHOTOS} photos a card, 100×40 terminal, ${os.cpus().length} CPUs`);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const build of builds) {
        const viewer = await signupViewer(started.url, `viewer_${build.label.replace(/\W/g, '')}_${round}`);
        const times = await swipeOnce(build.bin, started.url, viewer);
        await retireViewer(started.url, viewer);
        build.times.push(...times);
        log(`  round ${round + 1} ${build.label}: ${times.map((ms) => ms.toFixed(0)).join(' ')}`);
      }
    }
    console.log(`key → next card's name on the screen (target p95 ≤ ${TARGET_MS} ms), load average ${os.loadavg()[0]!.toFixed(2)}:`);
    for (const build of builds) console.log(row(build.label, build.times));
  } finally {
    await stopApi(api);
    await services.stop();
  }
}

try {
  await main();
} catch (err) {
  console.error(`bench:swipe-cli: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
}
