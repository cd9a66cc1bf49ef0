import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../api/app.js';
import { answerClientErrors } from '../../api/http/client-errors.js';
import { applyServerLimits } from '../../api/http/server.js';
import { loadConfig, type Config } from '../../api/config.js';
import { systemClock, type Clock } from '../../api/clock.js';
import { services } from './services.js';
import type { Storage } from '../../api/storage/s3.js';
import { createNotifier, type Notifier } from '../../api/messages/notifier.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config & { jwtSecret: string } {
  const base = loadConfig({ BCRYPT_COST: '4', SIGNUPS_PER_IP_PER_HOUR: '1000000' }, process.cwd());
  return { ...base, jwtSecret: TEST_JWT_SECRET, ...overrides } as Config & { jwtSecret: string };
}

export interface TestApi {
  url: string;
  notifier: Notifier;
  config: Config & { jwtSecret: string };
  close(): Promise<void>;
}

/** The real app on a real socket (port 0) over the shared test database. */
export async function startTestApi(options: { config?: Partial<Config>; clock?: Clock; storage?: Storage; sequelize?: Sequelize; draining?: AbortSignal } = {}): Promise<TestApi> {
  const config = testConfig(options.config);
  const logger = { info: () => {}, warn: () => {}, error: (...args: unknown[]) => console.error('[api]', ...args) };
  const notifier = await createNotifier(services.get().databaseUrl);
  const app = createApp({ sequelize: options.sequelize ?? services.get().sequelize, storage: options.storage ?? services.get().storage, config, clock: options.clock ?? systemClock, logger, notifier, draining: options.draining });
  const server = http.createServer(app);
  answerClientErrors(server);
  applyServerLimits(server, config.server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    notifier,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await notifier.close();
    },
  };
}
