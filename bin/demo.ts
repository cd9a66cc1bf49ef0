#!/usr/bin/env node
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { DEFAULT_API_URL } from '../cli/context.js';
import { HalClient } from '../cli/hal-client.js';
import { candidatesOf } from '../cli/commands/discover/candidates.js';
import { photosOf } from '../cli/commands/discover/card.js';

/**
 * `npm run demo`: one command from a fresh clone to a card on the screen. Uses the API at
 * FRIENDER_API_URL (default http://localhost:3000) if one answers there, otherwise starts the
 * embedded one, logs in as the demo user (without touching your stored login), opens
 * `friender swipe`, and stops whatever it started when you leave.
 */
const here = import.meta.dirname;
const apiUrl = new URL(process.env.FRIENDER_API_URL || DEFAULT_API_URL);
const say = (line: string) => console.error(`demo: ${line}`);
let api: ChildProcess | undefined;

async function answers(): Promise<boolean> {
  try {
    const res = await request(apiUrl, { headersTimeout: 1000, bodyTimeout: 1000 });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

async function stopApi(): Promise<void> {
  const child = api;
  api = undefined;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function startApi(): Promise<void> {
  if (!['localhost', '127.0.0.1', '[::1]'].includes(apiUrl.hostname)) {
    throw new Error(`nothing answers at ${apiUrl.href}, and an API can only be started here for localhost`);
  }
  const dataDir = path.resolve(process.env.FRIENDER_DATA_DIR || '.friender');
  fs.mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'demo-api.log');
  const log = fs.openSync(logFile, 'a');
  say(`starting the API on ${apiUrl.origin} (log: ${logFile})…`);
  // Its own process group: Ctrl-C at the terminal reaches the swipe, which leaves cleanly, and we stop the API after.
  api = spawn(process.execPath, [path.join(here, 'api.js')], {
    env: { ...process.env, PORT: apiUrl.port || '80', HOST: apiUrl.hostname.replace(/^\[|\]$/g, '') },
    stdio: ['ignore', log, log],
    detached: true,
  });
  fs.closeSync(log);
  const started = Date.now();
  while (!(await answers())) {
    if (api.exitCode !== null) throw new Error(`the API stopped while starting (exit ${api.exitCode}); see ${logFile}`);
    if (Date.now() - started > 120_000) throw new Error(`the API did not answer within 2 minutes; see ${logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  say(`API ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function demoToken(): Promise<string> {
  const res = await request(new URL('/sessions', apiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'friender-demo' }),
  });
  const body = (await res.body.json()) as { token?: string; title?: string; detail?: string };
  if (res.statusCode !== 201 || !body.token) throw new Error(`could not log in as demo: ${body.detail ?? body.title ?? res.statusCode}`);
  return body.token;
}

/**
 * A first start draws the demo people's photos in the background after the API answers; the first
 * cards would come without them. Wait (through the same links swipe follows) until the first cards
 * have theirs — seconds on a first start, nothing after — and go on regardless after a minute.
 */
async function photosReady(token: string): Promise<void> {
  const client = new HalClient(apiUrl.href, token);
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const page = await client.follow(await client.getRoot(), 'candidates');
      if (candidatesOf(page).slice(0, 3).every((person) => photosOf(person).length > 0)) break;
    } catch {
      return; // no deck to wait for (an incomplete profile, say): swipe says why
    }
    if (Date.now() - started > 60_000) return say('going on without every photo: they are still being drawn');
    if (!told) say('drawing the demo photos (first start only)…');
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (told) say(`photos ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function swipe(token: string): Promise<number> {
  const child = spawn(process.execPath, [path.join(here, 'friender.js'), 'swipe'], {
    env: { ...process.env, FRIENDER_API_URL: apiUrl.href, FRIENDER_TOKEN: token },
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

const interrupted = () => void stopApi().then(() => process.exit(130));
process.on('SIGINT', interrupted);
process.on('SIGTERM', interrupted);
try {
  if (await answers()) say(`using the API already running at ${apiUrl.href}`);
  else await startApi();
  const token = await demoToken();
  await photosReady(token);
  process.exitCode = await swipe(token);
} catch (err) {
  say((err as Error).message);
  process.exitCode = 1;
} finally {
  if (api) say('stopping the API it started…');
  await stopApi();
}
