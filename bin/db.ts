#!/usr/bin/env node
import { ConfigError, loadConfig } from '../api/config.js';
import { migrator, seeder } from '../api/db/migrator.js';
import { startRuntime } from '../api/runtime/start.js';
import { createPhotoService } from '../api/photos/service.js';
import { outboxSettings } from '../api/storage/outbox.js';
import { seedDemoPhotos } from '../seeders/photos/demo-photos.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const usage = 'usage: node dist/bin/db.js migrate | migrate:undo | seed | seed:undo';
const command = process.argv[2];
if (!['migrate', 'migrate:undo', 'seed', 'seed:undo'].includes(command ?? '')) {
  console.error(usage);
  process.exit(2);
}
const log = (line: string) => console.error(`friender-db: ${line}`);

try {
  // startRuntime applies pending migrations itself; the commands below do the rest.
  const runtime = await startRuntime(loadConfig(), log, { seedFirstStart: false });
  try {
    if (command === 'migrate:undo') await migrator(runtime.sequelize, log).down();
    if (command === 'seed') {
      const done = await seeder(runtime.sequelize, log).up();
      if (done.length === 0) log('seeders: nothing pending');
      const { sequelize, storage, config } = runtime;
      await seedDemoPhotos(sequelize, createPhotoService({ sequelize, storage, settings: config.photos, logger: console, outbox: outboxSettings(config) }), log);
    }
    if (command === 'seed:undo') await seeder(runtime.sequelize, log).down({ to: 0 });
    if (command === 'migrate') log('migrations: up to date');
  } finally {
    await runtime.stop();
  }
} catch (err) {
  console.error(`friender-db: ${err instanceof ConfigError ? err.message : (err as Error).message}`);
  process.exit(1);
}
process.exit(0);
