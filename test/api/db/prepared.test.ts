import { expect } from 'chai';
import { namedStatement, preparedQueries } from '../../../api/db/prepared.js';
import { createSequelize } from '../../../api/db/sequelize.js';
import { services } from '../../helpers/services.js';

describe('prepared statements', () => {
  it('when a statement names its binds, then each becomes one positional parameter, in order of first use, however often it appears', () => {
    const s = namedStatement('t', 'SELECT $b::int + $a::int WHERE $b::int > 0 AND $c::text IS NOT NULL');
    expect(s.text).to.equal('SELECT $1::int + $2::int WHERE $1::int > 0 AND $3::text IS NOT NULL');
    expect(s.values({ a: 1, b: 2, c: 'x', unused: 9 })).to.deep.equal([2, 1, 'x']);
  });

  it('when a bind is missing, then it says which, rather than sending undefined', () => {
    const s = namedStatement('friender_test', 'SELECT $viewer::uuid, $today::date');
    expect(() => s.values({ viewer: null })).to.throw('friender_test: no bind for $today');
  });

  it('when run inside a transaction, then it runs on that transaction\'s connection: rolled back with it, unseen by others until commit', async () => {
    const { sequelize } = services.get();
    const prepared = preparedQueries(sequelize);
    await sequelize.query('DROP TABLE IF EXISTS prepared_probe_t');
    await sequelize.query('CREATE TABLE prepared_probe_t (n int)');
    try {
      await sequelize
        .transaction(async (transaction) => {
          await prepared('friender_test_insert', 'INSERT INTO prepared_probe_t (n) VALUES ($1)', [1], transaction);
          const inside = await prepared<{ n: number }>('friender_test_count', 'SELECT count(*)::int AS n FROM prepared_probe_t', [], transaction);
          const outside = await prepared<{ n: number }>('friender_test_count', 'SELECT count(*)::int AS n FROM prepared_probe_t', []);
          expect([inside[0]!.n, outside[0]!.n]).to.deep.equal([1, 0]);
          throw new Error('roll back');
        })
        .catch((err: Error) => expect(err.message).to.equal('roll back'));
      const after = await prepared<{ n: number }>('friender_test_count', 'SELECT count(*)::int AS n FROM prepared_probe_t', []);
      expect(after[0]!.n).to.equal(0);
    } finally {
      await sequelize.query('DROP TABLE prepared_probe_t');
    }
  });

  it('when DATABASE_PREPARED is off, then the same statements run unnamed: the session keeps no prepared statement (what a pooler in transaction mode needs)', async () => {
    const names = 'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1';
    for (const prepared of [true, false]) {
      const sequelize = createSequelize(services.get().databaseUrl, { poolMax: 1, prepared });
      try {
        const run = preparedQueries(sequelize);
        expect((await run<{ n: number }>('friender_test_names', names, ['friender_test_names']))[0]!.n, `prepared: ${prepared}`).to.equal(prepared ? 1 : 0);
        // The one pooled connection again: a named statement is still there, an unnamed one never was.
        expect((await run<{ n: number }>('friender_test_names', names, ['friender_test_names']))[0]!.n, `prepared: ${prepared}`).to.equal(prepared ? 1 : 0);
      } finally {
        await sequelize.close();
      }
    }
  });
});
