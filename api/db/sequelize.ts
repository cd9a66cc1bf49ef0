import { Sequelize } from 'sequelize';
import { defineModels } from './models.js';

export function createSequelize(databaseUrl: string, options: { poolMax?: number } = {}) {
  const sequelize = new Sequelize(databaseUrl, {
    dialect: 'postgres',
    logging: false,
    pool: { max: options.poolMax ?? 10, min: 0, idle: 10_000, acquire: 10_000 },
  });
  defineModels(sequelize);
  return sequelize;
}
