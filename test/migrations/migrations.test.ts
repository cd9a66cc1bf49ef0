import { expect } from 'chai';
import pg from 'pg';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../../api/db/sequelize.js';
import { migrator } from '../../api/db/migrator.js';
import { services } from '../helpers/services.js';

describe('migrations', () => {
  const name = `friender_migrations_${process.pid}`;
  let url: string;

  before(async () => {
    url = services.get().databaseUrl.replace(/\/friender$/, `/${name}`);
    const admin = new pg.Client({ connectionString: services.get().databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
  });

  after(async () => {
    const admin = new pg.Client({ connectionString: services.get().databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('when applied to an empty database, creates the schema and loads every US ZIP centroid', async () => {
    const sequelize = createSequelize(url);
    try {
      const applied = await migrator(sequelize).up();
      expect(applied.map((m) => m.name)).to.deep.equal(['0001-create-zip-codes', '0002-create-users', '0003-create-sessions', '0004-create-login-throttles', '0005-create-photos']);
      const [{ n }] = await sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM zip_codes', { type: QueryTypes.SELECT });
      expect(n).to.be.greaterThan(33_000);
      const [nyc] = await sequelize.query<{ latitude: number; longitude: number }>("SELECT latitude, longitude FROM zip_codes WHERE zip = '10001'", { type: QueryTypes.SELECT });
      expect(nyc!.latitude).to.be.closeTo(40.75, 0.05);
      expect(nyc!.longitude).to.be.closeTo(-73.99, 0.05);
    } finally {
      await sequelize.close();
    }
  });

  it('when rolled all the way down and up again, every down works and the schema comes back', async () => {
    const sequelize = createSequelize(url);
    try {
      await migrator(sequelize).up();
      await migrator(sequelize).down({ to: 0 });
      const tables = await sequelize.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", { type: QueryTypes.SELECT });
      expect(tables.map((t) => t.tablename)).to.deep.equal(['SequelizeMeta']);
      expect((await migrator(sequelize).up()).length).to.equal(5);
      expect(await migrator(sequelize).pending()).to.deep.equal([]);
    } finally {
      await sequelize.close();
    }
  });
});
