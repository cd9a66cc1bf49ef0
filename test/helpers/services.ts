import type { Sequelize } from 'sequelize';
import type { Storage } from '../../api/storage/s3.js';

export interface Services {
  dir: string;
  databaseUrl: string;
  s3: { url: string; port: number; bucket: string };
  sequelize: Sequelize;
  storage: Storage;
  stop(): Promise<void>;
}

/** The shared real PostgreSQL and s3rver that test/setup.ts starts once per run. */
export const services = {
  current: undefined as Services | undefined,
  get(): Services {
    if (!this.current) throw new Error('test services are not running: is test/setup.js required by mocha?');
    return this.current;
  },
};
