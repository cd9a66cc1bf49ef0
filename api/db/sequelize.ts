import { Sequelize } from 'sequelize';
import { defineModels } from './models.js';
import { withoutNamedStatements } from './prepared.js';

/** `prepared: false` sends api/db/prepared.ts's statements unnamed (DATABASE_PREPARED, for poolers). */
export function createSequelize(databaseUrl: string, options: { poolMax?: number; prepared?: boolean } = {}) {
  const sequelize = new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 10_000 },
  });
  defineModels(sequelize);
  if (options.prepared === false) withoutNamedStatements(sequelize);
  return sequelize;
}
