import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

describe('errors: a database that cannot take work is a 503, not a 500', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const cases: Array<[string, string]> = [
    ['53100', 'its disk is full'],
    ['53200', 'it is out of memory'],
    ['53300', 'it has too many connections'],
    ['57P03', 'it cannot take connections now'],
  ];
  for (const [code, what] of cases) {
    it(`when the database says ${what} (${code}), then the request gets 503 problem+json with Retry-After`, async () => {
      const user = await signup(api.url);
      const sequelize = services.get().sequelize;
      // Logging in writes a session: make that write fail the way PostgreSQL would.
      await sequelize.query(`CREATE FUNCTION refuse_session() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test' USING ERRCODE = '${code}'; END $$ LANGUAGE plpgsql`);
      await sequelize.query('CREATE TRIGGER refuse_session BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_session()');
      try {
        const reply = await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } });
        expect([reply.status, reply.contentType.split(';')[0], reply.body.title, reply.headers.get('retry-after')]).to.deep.equal([503, 'application/problem+json', 'Database unavailable', '5']);
      } finally {
        await sequelize.query('DROP TRIGGER refuse_session ON sessions');
        await sequelize.query('DROP FUNCTION refuse_session()');
      }
    });
  }
});
