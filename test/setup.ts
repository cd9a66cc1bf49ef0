import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSequelize } from '../api/db/sequelize.js';
import { migrator } from '../api/db/migrator.js';
import { S3RVER_CREDENTIALS, startEmbeddedPostgres, startS3rver } from '../api/runtime/embedded.js';
import { createStorage } from '../api/storage/s3.js';
import { services, type Services } from './helpers/services.js';
import { findLeak, leakWatch } from './helpers/http.js';
import { emptyBucket } from './helpers/s3.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Root hooks: one real PostgreSQL and one real s3rver for the whole run,
 * migrated once; every test starts from empty tables.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-test-'));
    await fs.chmod(dir, 0o755);
    const pg = await startEmbeddedPostgres(dir, 'test-password');
    const s3 = await startS3rver(dir, 'friender-test');
    const sequelize = createSequelize(pg.url);
    await migrator(sequelize).up();
    const storage = createStorage({ endpoint: s3.url, bucket: 'friender-test', region: 'us-east-1', ...S3RVER_CREDENTIALS });
    const value: Services = {
      dir,
      databaseUrl: pg.url,
      s3: { url: s3.url, port: s3.port, bucket: 'friender-test' },
      sequelize,
      storage,
      async stop() {
        await sequelize.close();
        await s3.stop().catch(() => {});
        await pg.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
    services.current = value;
  },
  async beforeEach() {
    // Work the last test left running (a deck ranked ahead in the background, a held poll's read)
    // can deadlock with TRUNCATE's locks: PostgreSQL then cancels one side, and the reset tries again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await services.get().sequelize.query('TRUNCATE users, sessions, rate_events, photos, storage_outbox CASCADE');
        break;
      } catch (err) {
        const code = (err as { original?: { code?: string } }).original?.code;
        if (code !== '40P01' || attempt === 5) throw err;
      }
    }
    await emptyBucket();
  },
  afterEach() {
    const responses = leakWatch.responses.splice(0);
    const passwords = [...leakWatch.passwords];
    leakWatch.passwords.clear();
    const leak = findLeak(responses, passwords);
    if (leak) throw new Error(leak);
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await services.current?.stop();
  },
};
