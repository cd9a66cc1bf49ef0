import fs from 'node:fs/promises';
import type { Sequelize } from 'sequelize';
import type { Config } from '../config.js';
import { createSequelize } from '../db/sequelize.js';
import { migrator, seeder } from '../db/migrator.js';
import { createStorage, type Storage } from '../storage/s3.js';
import { createNotifier, type Notifier } from '../messages/notifier.js';
import { loadOrCreateSecrets } from './secrets.js';
import { createPhotoService } from '../photos/service.js';
import { outboxSettings } from '../storage/outbox.js';
import { seedDemoPhotos } from '../../seeders/photos/demo-photos.js';
import { S3RVER_CREDENTIALS, startEmbeddedPostgres, startS3rver } from './embedded.js';
import { lockDataDir, StartError, type DataDirLock } from './lock.js';

export const EMBEDDED_BUCKET = 'friender-photos';

export interface Runtime {
  config: Config & { jwtSecret: string };
  sequelize: Sequelize;
  /** The database the runtime connected to (embedded or from DATABASE_URL); for tools, never logged. */
  databaseUrl: string;
  storage: Storage;
  /** The object store it connected to (embedded or from the environment), credentials included: for tools, never logged. */
  s3: Config['s3'];
  notifier: Notifier;
  embedded: { postgres: boolean; s3: boolean };
  /** Stops what start() started, in reverse order; safe to call twice. */
  stop(): Promise<void>;
}

/** Whether this configuration keeps anything in the data folder (embedded servers, generated secrets). */
export const usesDataDir = (config: Config) => !config.databaseUrl || !config.s3.bucket;

/**
 * Brings up everything the API stands on: embedded PostgreSQL and s3rver when the
 * environment names none, migrations always, demo data on an embedded first start.
 */
export async function startRuntime(
  config: Config,
  log: (line: string) => void,
  options: { seedFirstStart?: boolean; lock?: DataDirLock } = {},
): Promise<Runtime> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    while (stops.length) await stops.pop()!().catch(() => {});
  };
  try {
    // Whatever lives in the data folder (PostgreSQL, s3rver, secrets) belongs to one API at a time.
    // A lock handed in (bin/api.ts takes it before the port) is the caller's to release.
    if (usesDataDir(config) && !options.lock) {
      const lock = await lockDataDir(config.dataDir);
      stops.push(() => lock.release());
    }
    const needsSecrets = !config.databaseUrl || !config.jwtSecret;
    const secrets = needsSecrets ? await loadOrCreateSecrets(config.dataDir, log) : undefined;
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const started = Date.now();
      const pg = await startEmbeddedPostgres(config.dataDir, secrets!.postgresPassword, log, { port: config.embedded.postgresPort });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      log(`embedded PostgreSQL ready in ${Date.now() - started} ms (data in ${config.dataDir})`);
    }
    let s3 = { ...config.s3 };
    const embeddedS3 = !config.s3.bucket;
    if (embeddedS3) {
      const server = await startS3rver(config.dataDir, EMBEDDED_BUCKET, config.embedded.s3Port).catch((e: NodeJS.ErrnoException) => {
        throw new StartError(e.code === 'EADDRINUSE' ? `embedded S3 cannot listen: port ${config.embedded.s3Port} is already in use (FRIENDER_S3_PORT)` : `embedded S3 did not start: ${e.message}`);
      });
      stops.push(server.stop);
      s3 = { ...s3, endpoint: server.url, bucket: EMBEDDED_BUCKET, ...S3RVER_CREDENTIALS };
      log(`embedded S3 (s3rver) on ${server.url}, bucket ${EMBEDDED_BUCKET}`);
    }
    const sequelize = createSequelize(databaseUrl, { prepared: config.databasePrepared });
    stops.push(() => sequelize.close());
    await sequelize.authenticate().catch((e: Error) => {
      throw new Error(`cannot connect to the database: ${e.message}`);
    });
    const storage = createStorage({ ...s3, bucket: s3.bucket! });
    await storage.check();
    await migrator(sequelize, log).up();
    // Direct to PostgreSQL when the pool goes through a pooler (DATABASE_LISTEN_URL): LISTEN needs its own session.
    const notifier = await createNotifier(config.databaseListenUrl ?? databaseUrl, log);
    stops.push(() => notifier.close());
    const firstStart = (options.seedFirstStart ?? true) && !config.databaseUrl && (await seeder(sequelize).pending()).length > 0 && (await seeder(sequelize).executed()).length === 0;
    if (firstStart) await seeder(sequelize, log).up();
    if (!config.databaseUrl && options.seedFirstStart !== false) {
      // Demo photos fill in behind a server that is already answering; stop() waits for them.
      const abort = new AbortController();
      const photos = createPhotoService({ sequelize, storage, settings: config.photos, logger: console, outbox: outboxSettings(config) });
      const filling = seedDemoPhotos(sequelize, photos, log, abort.signal).catch((e: Error) => {
        // A stop mid-way is not a failure: the next start fills in whoever is still without photos.
        if (!abort.signal.aborted) log(`demo photos: ${e.message}`);
      });
      stops.push(async () => {
        abort.abort();
        await filling;
      });
    }
    await fs.mkdir(config.dataDir, { recursive: true }).catch(() => {});
    return {
      config: { ...config, jwtSecret: config.jwtSecret ?? secrets!.jwtSecret },
      sequelize,
      databaseUrl,
      storage,
      s3,
      notifier,
      embedded: { postgres: !config.databaseUrl, s3: embeddedS3 },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
