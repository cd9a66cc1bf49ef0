import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';

export interface MigrationModule {
  up(qi: QueryInterface): Promise<void>;
  down(qi: QueryInterface): Promise<void>;
}

// dist/api/db → dist/
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function umzug(sequelize: Sequelize, folder: 'migrations' | 'seeders', log: (line: string) => void) {
  return new Umzug<QueryInterface>({
    migrations: {
      glob: [`${folder}/*.js`, { cwd: distRoot }],
      resolve: ({ name, path: file, context }) => {
        const load = async () => (await import(pathToFileURL(file!).href)) as MigrationModule;
        return {
          name: name.replace(/\.js$/, ''),
          up: async () => (await load()).up(context),
          down: async () => (await load()).down(context),
        };
      },
    },
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, modelName: folder === 'migrations' ? 'SequelizeMeta' : 'SequelizeData' }),
    logger: { info: (e) => e.event === 'migrated' && log(`${folder}: applied ${e.name}`), warn: () => {}, error: () => {}, debug: () => {} },
  });
}

export const migrator = (sequelize: Sequelize, log: (line: string) => void = () => {}) => umzug(sequelize, 'migrations', log);
export const seeder = (sequelize: Sequelize, log: (line: string) => void = () => {}) => umzug(sequelize, 'seeders', log);
