#!/usr/bin/env node
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Sequelize } from 'sequelize';
import { ConfigError, loadConfig, preparedSetting } from '../api/config.js';
import { createSequelize } from '../api/db/sequelize.js';
import { startRuntime } from '../api/runtime/start.js';
import { moderators, setModerator, UnknownUser } from '../api/reports/roles.js';

/**
 * The operator's tool, straight on the database: `npm run admin -- moderator <username>` grants
 * the moderator role, `--revoke` takes it away, `moderators` lists who has it. With DATABASE_URL
 * it connects there; without, it starts the embedded PostgreSQL in FRIENDER_DATA_DIR (so not
 * while an API is running on that folder: stop it, or give DATABASE_URL).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const usage = 'usage: npm run admin -- moderator <username> [--revoke] [--note <text>] | moderators';
const fail = (line: string, code = 1): never => {
  console.error(`friender-admin: ${line}`);
  process.exit(code);
};

let parsed;
try {
  parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { revoke: { type: 'boolean' }, note: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
} catch (err) {
  fail(`${(err as Error).message}\n${usage}`, 2);
}
const { values, positionals } = parsed!;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [command, username, ...rest] = positionals;
const valid = (command === 'moderator' && username && rest.length === 0) || (command === 'moderators' && !username && !values.revoke && values.note === undefined);
if (!valid) fail(usage, 2);
if (values.note !== undefined && values.note.length > 1000) fail('--note must be at most 1000 characters', 2);

// Whoever runs this is the actor in the moderation log: no account stands behind an operator.
let osUser = '';
try {
  osUser = os.userInfo().username;
} catch {
  // No entry for this uid (a container): the log says only "operator".
}
const actor = osUser ? `operator:${osUser}` : 'operator';
const log = (line: string) => console.error(`friender-admin: ${line}`);

let sequelize: Sequelize | undefined;
let stop = async () => {};
try {
  if (process.env.DATABASE_URL) {
    // Only the database is needed: no JWT secret or bucket is read, and nothing else is started.
    if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
    sequelize = createSequelize(process.env.DATABASE_URL, { poolMax: 2, prepared: preparedSetting() });
    stop = () => sequelize!.close();
    await sequelize.authenticate().catch((e: Error) => {
      throw new Error(`cannot connect to the database: ${e.message}`);
    });
  } else {
    const runtime = await startRuntime(loadConfig(), () => {}, { seedFirstStart: false });
    sequelize = runtime.sequelize;
    stop = runtime.stop;
  }
  if (command === 'moderators') {
    for (const name of await moderators(sequelize)) console.log(name);
  } else {
    const change = await setModerator(sequelize, { username: username!, moderator: !values.revoke, actor, note: values.note });
    const name = username!.trim().toLowerCase();
    log(
      change === 'granted' ? `${name} is now a moderator (logged as ${actor})`
        : change === 'revoked' ? `${name} is no longer a moderator (logged as ${actor})`
          : `${name} ${values.revoke ? 'was not a moderator' : 'is already a moderator'}; nothing changed`,
    );
  }
} catch (err) {
  await stop().catch(() => {});
  fail(err instanceof UnknownUser || err instanceof ConfigError ? err.message : (err as Error).message);
}
await stop().catch(() => {});
process.exit(0);
