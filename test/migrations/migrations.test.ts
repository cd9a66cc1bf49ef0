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
      expect(applied.map((m) => m.name)).to.deep.equal(['0001-create-zip-codes', '0002-create-users', '0003-create-sessions', '0004-create-login-throttles', '0005-create-photos', '0006-create-discovery', '0007-create-messages', '0008-create-privacy', '0009-create-storage-outbox', '0010-add-users-version', '0011-create-safety', '0012-inline-miles', '0013-create-events', '0014-event-seq-notify', '0015-create-decks', '0016-swipes-newest', '0017-held-polls', '0018-distribution-keys', '0019-photo-sha256']);
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
      expect((await migrator(sequelize).up()).length).to.equal(19);
      expect(await migrator(sequelize).pending()).to.deep.equal([]);
    } finally {
      await sequelize.close();
    }
  });

  it('when applied, ZIP centroids carry earth points (great-circle miles) and users their completeness and hashed tags', async () => {
    const sequelize = createSequelize(url);
    try {
      await migrator(sequelize).up();
      // Manhattan (10001) to downtown Los Angeles (90012): about 2,450 miles.
      const [{ miles }] = await sequelize.query<{ miles: number }>(
        "SELECT earth_distance(a.location, b.location) / 1609.344 AS miles FROM zip_codes a, zip_codes b WHERE a.zip = '10001' AND b.zip = '90012'",
        { type: QueryTypes.SELECT },
      );
      expect(miles).to.be.closeTo(2450, 15);
      await sequelize.query(`INSERT INTO users (username, email, password_hash, hobbies, interests) VALUES ('mig_a', 'a@example.com', 'x', '{chess,jazz}', '{jazz}')`);
      const [row] = await sequelize.query<{ complete: boolean; n: number }>("SELECT complete, cardinality(tag_ids) AS n FROM users WHERE username = 'mig_a'", { type: QueryTypes.SELECT });
      expect(row).to.deep.equal({ complete: false, n: 3 }); // hobby "jazz" and interest "jazz" are two tags
      await sequelize.query("UPDATE users SET zip_code = '10001', friend_radius = 10 WHERE username = 'mig_a'");
      const [dateless] = await sequelize.query<{ complete: boolean }>("SELECT complete FROM users WHERE username = 'mig_a'", { type: QueryTypes.SELECT });
      expect(dateless!.complete).to.equal(false); // adults only: no birth date, no discovery
      await sequelize.query("UPDATE users SET birth_date = '1990-01-01' WHERE username = 'mig_a'");
      const [done] = await sequelize.query<{ complete: boolean }>("SELECT complete FROM users WHERE username = 'mig_a'", { type: QueryTypes.SELECT });
      expect(done!.complete).to.equal(true);
      await sequelize.query("DELETE FROM users WHERE username = 'mig_a'");
    } finally {
      await sequelize.close();
    }
  });
  it('when applied, messages and sessions are keyed by their future distribution column first, with no index left beside the key', async () => {
    const sequelize = createSequelize(url);
    try {
      await migrator(sequelize).up();
      const indexes = await sequelize.query<{ table: string; def: string }>(
        "SELECT tablename AS table, indexdef AS def FROM pg_indexes WHERE tablename IN ('messages', 'sessions') ORDER BY tablename, indexname",
        { type: QueryTypes.SELECT },
      );
      expect(indexes.map((i) => `${i.table}: ${i.def.replace(/^.* USING /, '')}`)).to.deep.equal([
        'messages: btree (match_id, id)',
        'messages: btree (sender_id, sent_at)',
        'sessions: btree (user_id, id)',
      ]);
      const keys = await sequelize.query<{ name: string }>("SELECT conname AS name FROM pg_constraint WHERE contype = 'p' AND conrelid IN ('messages'::regclass, 'sessions'::regclass) ORDER BY 1", { type: QueryTypes.SELECT });
      expect(keys.map((k) => k.name)).to.deep.equal(['messages_pkey', 'sessions_pkey']);
    } finally {
      await sequelize.close();
    }
  });

  it('when applied, whole miles are computed inline (no function call per place in a deck) and NULL stays NULL', async () => {
    const sequelize = createSequelize(url);
    try {
      await migrator(sequelize).up();
      const plan = await sequelize.query<{ 'QUERY PLAN': string }>('EXPLAIN VERBOSE SELECT friender_miles(m) FROM generate_series(0, 5000, 500) m', { type: QueryTypes.SELECT });
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).not.to.include('friender_miles');
      const rows = await sequelize.query<{ a: number; b: number; c: number | null }>('SELECT friender_miles(0) AS a, friender_miles(16093) AS b, friender_miles(NULL) AS c', { type: QueryTypes.SELECT });
      expect(rows).to.deep.equal([{ a: 1, b: 10, c: null }]);
    } finally {
      await sequelize.close();
    }
  });
});
