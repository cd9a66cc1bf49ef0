import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import express from 'express';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../../../api/db/sequelize.js';
import { isDatabaseUnavailable, problemRenderer } from '../../../api/http/errors.js';
import { freePort } from '../../../api/runtime/embedded.js';
import { services } from '../../helpers/services.js';
import { call } from '../../helpers/http.js';

/** The error a real query gets, from a real connection. */
async function errorOf(run: () => Promise<unknown>): Promise<Error> {
  return run().then(() => {
    throw new Error('the query succeeded');
  }, (err: Error) => err);
}

describe('http/errors: a database that is not there is a 503, never a 500', () => {
  it('when nothing listens at the database\'s address, then the error counts as the database being unavailable', async () => {
    const sequelize = createSequelize(`postgres://nobody:x@127.0.0.1:${await freePort()}/none`);
    try {
      expect(isDatabaseUnavailable(await errorOf(() => sequelize.query('SELECT 1')))).to.equal(true);
    } finally {
      await sequelize.close();
    }
  });

  it('when the server ends the connection under a running query (as when PostgreSQL is stopped), then it counts too', async () => {
    const sequelize = createSequelize(services.get().databaseUrl, { poolMax: 1 });
    try {
      const [{ pid }] = await sequelize.query<{ pid: number }>('SELECT pg_backend_pid() AS pid', { type: QueryTypes.SELECT });
      const sleeping = errorOf(() => sequelize.query('SELECT pg_sleep(10)'));
      await new Promise((resolve) => setTimeout(resolve, 200));
      await services.get().sequelize.query('SELECT pg_terminate_backend($1)', { bind: [pid] });
      const err = await sleeping;
      expect(isDatabaseUnavailable(err), err.message).to.equal(true);
    } finally {
      await sequelize.close();
    }
  });

  it('when a query is simply wrong, then it does not count: that is our bug, a 500', async () => {
    const err = await errorOf(() => services.get().sequelize.query('SELECT no_such_column FROM users'));
    expect(isDatabaseUnavailable(err)).to.equal(false);
  });

  it('when requests keep meeting a database outage, then each gets 503 problem+json with Retry-After, and the log gets one line, not one per request', async () => {
    const sequelize = createSequelize(`postgres://nobody:x@127.0.0.1:${await freePort()}/none`);
    const warnings: string[] = [];
    const app = express();
    app.get('/', async () => {
      await sequelize.query('SELECT 1');
    });
    app.use(problemRenderer({ error: (...a) => warnings.push(a.join(' ')), info: () => {}, warn: (...a) => warnings.push(a.join(' ')) }, '32kb'));
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (let i = 0; i < 5; i += 1) {
        const reply = await call(base, 'GET', '/');
        expect(reply.status).to.equal(503);
        expect(reply.contentType).to.match(/^application\/problem\+json/);
        expect(reply.headers.get('retry-after')).to.equal('2');
        expect(reply.body).to.include({ title: 'Database unavailable', status: 503 });
      }
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.match(/^database unavailable: GET \/ answered 503: connect ECONNREFUSED/);
    } finally {
      server.close();
      await sequelize.close();
    }
  });
});
