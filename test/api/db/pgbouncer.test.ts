import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import pg from 'pg';
import { createApp } from '../../../api/app.js';
import { systemClock } from '../../../api/clock.js';
import { loadConfig } from '../../../api/config.js';
import { startRuntime, type Runtime } from '../../../api/runtime/start.js';
import { S3RVER_CREDENTIALS } from '../../../api/runtime/embedded.js';
import { TEST_JWT_SECRET } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { findPgbouncer, startPgbouncer, type Bouncer } from '../../helpers/pgbouncer.js';
import { services } from '../../helpers/services.js';
import { until } from '../../helpers/until.js';

interface Instance {
  url: string;
  runtime: Runtime;
  close(): Promise<void>;
}

/** One API instance as bin/api.ts builds it, from the environment alone. */
async function instance(env: Record<string, string>): Promise<Instance> {
  const { s3, dir } = services.get();
  const config = loadConfig({
    ...env,
    S3_ENDPOINT: s3.url, S3_BUCKET: s3.bucket, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    JWT_SECRET: TEST_JWT_SECRET, BCRYPT_COST: '4', SIGNUPS_PER_IP_PER_HOUR: '1000000', FRIENDER_DATA_DIR: path.join(dir, 'pgbouncer-instance'),
  });
  const runtime = await startRuntime(config, () => {}, { seedFirstStart: false });
  const logger = { info: () => {}, warn: () => {}, error: (...args: unknown[]) => console.error('[api]', ...args) };
  const server = http.createServer(createApp({ sequelize: runtime.sequelize, storage: runtime.storage, config: runtime.config, clock: systemClock, logger, notifier: runtime.notifier }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    runtime,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.stop();
    },
  };
}

describe('through PgBouncer in transaction mode, with LISTEN direct (DATABASE_LISTEN_URL)', function () {
  this.timeout(60_000);
  let bouncer: Bouncer | undefined;
  let one: Instance | undefined;
  let two: Instance | undefined;

  before(async () => {
    const binary = await findPgbouncer();
    // No PgBouncer is a failure, not a skip: .ci/run installs it.
    if (!binary) throw new Error('pgbouncer is not installed here: apt-get install pgbouncer (.ci/run installs it)');
    bouncer = await startPgbouncer(binary, services.get().databaseUrl);
    // Debian's PgBouncer (1.18) cannot keep named statements across transactions: unnamed ones.
    const env = { DATABASE_URL: bouncer.url, DATABASE_LISTEN_URL: services.get().databaseUrl, DATABASE_PREPARED: 'false' };
    one = await instance(env);
    two = await instance(env);
  });
  after(async () => {
    await two?.close();
    await one?.close();
    await bouncer?.stop();
  });

  const queries = async () => {
    const stats = await bouncer!.admin<{ database: string; total_query_count: string }>('SHOW STATS');
    return Number(stats.find((s) => s.database === 'friender')?.total_query_count ?? 0);
  };

  it('when people sign up, log in, swipe, match and write over two instances, then every step works through the pooler', async () => {
    const before = await queries();
    const ana = await signup(one!.url, { username: 'ana' });
    const ben = await signup(two!.url, { username: 'ben' });
    const profile = { bio: 'Walks.', hobbies: ['hiking'], interests: ['jazz'], friendRadius: 25 };
    expect((await call(one!.url, 'PATCH', '/me', { token: ana.token, json: { ...profile, zipCode: '10001' } })).status).to.equal(200);
    expect((await call(two!.url, 'PATCH', '/me', { token: ben.token, json: { ...profile, zipCode: '10002' } })).status).to.equal(200);
    const login = await call(two!.url, 'POST', '/sessions', { json: { username: 'ana', password: ana.password } });
    expect(login.status).to.equal(201);
    const token = login.body.token as string;

    const deck = await call(two!.url, 'GET', '/candidates', { token });
    expect(deck.status).to.equal(200);
    const card = (deck.body._embedded.candidates as Array<{ username: string; _templates: { like: { target: string } } }>).find((c) => c.username === 'ben')!;
    expect((await call(one!.url, 'POST', card._templates.like.target, { token })).status).to.equal(201);
    const back = await call(two!.url, 'POST', '/candidates/ana/like', { token: ben.token });
    expect(back.status).to.equal(201);
    const messages = `${back.body._links.match.href as string}/messages`;
    expect((await call(one!.url, 'POST', messages, { token, json: { body: 'hi ben' } })).status).to.equal(201);
    const page = await call(two!.url, 'GET', messages, { token: ben.token });
    expect(page.body._embedded.messages.map((m: { body: string }) => m.body)).to.deep.equal(['hi ben']);
    expect(await queries(), 'the queries went through PgBouncer').to.be.greaterThan(before);
  });

  it('when a poll is held on one instance, then a send on the other wakes it at once; each instance listens on a direct connection', async () => {
    const ana = await signup(one!.url, { username: 'ana' });
    const ben = await signup(two!.url, { username: 'ben' });
    const profile = { bio: 'Walks.', hobbies: ['hiking'], interests: ['jazz'], friendRadius: 25 };
    await call(one!.url, 'PATCH', '/me', { token: ana.token, json: { ...profile, zipCode: '10001' } });
    await call(two!.url, 'PATCH', '/me', { token: ben.token, json: { ...profile, zipCode: '10002' } });
    await call(one!.url, 'POST', '/candidates/ben/like', { token: ana.token });
    const messages = `${(await call(two!.url, 'POST', '/candidates/ana/like', { token: ben.token })).body._links.match.href as string}/messages`;

    // The LISTEN sessions are PostgreSQL backends whose client is not one of PgBouncer's server connections.
    const direct = new pg.Client({ connectionString: services.get().databaseUrl });
    await direct.connect();
    try {
      const listening = (await direct.query<{ port: number }>("SELECT client_port AS port FROM pg_stat_activity WHERE query LIKE 'LISTEN%'")).rows.map((r) => r.port);
      const pooled = (await bouncer!.admin<{ local_port: number }>('SHOW SERVERS')).map((s) => Number(s.local_port));
      expect(listening).to.have.length.of.at.least(2);
      expect(listening.filter((p) => pooled.includes(p))).to.deep.equal([]);
    } finally {
      await direct.end();
    }

    const started = Date.now();
    const held = call(one!.url, 'GET', `${messages}?after=0&wait=20`, { token: ana.token });
    await until(() => one!.runtime.notifier.waiting() === 1);
    expect((await call(two!.url, 'POST', messages, { token: ben.token, json: { body: 'wake up' } })).status).to.equal(201);
    const woken = await held;
    expect(woken.status).to.equal(200);
    expect(woken.body._embedded.messages.map((m: { body: string }) => m.body)).to.deep.equal(['wake up']);
    expect(Date.now() - started).to.be.lessThan(5000);
  });
});
