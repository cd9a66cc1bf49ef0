import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createSequelize } from '../../../api/db/sequelize.js';
import { freePort, S3RVER_CREDENTIALS, startS3rver, type EmbeddedS3 } from '../../../api/runtime/embedded.js';
import { createStorage, type Storage } from '../../../api/storage/s3.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { services } from '../../helpers/services.js';

describe('health: liveness and readiness for load balancers', () => {
  describe('when the database and storage answer', () => {
    let api: TestApi;
    let checks = 0;
    before(async () => {
      const shared = services.get().storage;
      // Counts the storage checks the probes cost.
      const counting: Storage = { ...shared, check: (ms?: number) => ((checks += 1), shared.check(ms)) };
      api = await startTestApi({ storage: counting });
    });
    after(() => api.close());

    it('then GET /health is 200 with both ok, with the headers every answer has, and needs no login', async () => {
      const reply = await call(api.url, 'GET', '/health');
      expect(reply.status).to.equal(200);
      expect(reply.contentType).to.match(/^application\/hal\+json/);
      expect(reply.body).to.deep.equal({ status: 'ok', database: 'ok', storage: 'ok', _links: { self: { href: '/health' }, live: { href: '/health/live' } } });
      expect([reply.headers.get('cache-control'), reply.headers.get('x-content-type-options')]).to.deep.equal(['no-store', 'nosniff']);
    });

    it('then GET /health/live is 200, and HEAD and OPTIONS work on both', async () => {
      const live = await call(api.url, 'GET', '/health/live');
      expect([live.status, live.body.status]).to.deep.equal([200, 'ok']);
      for (const target of ['/health', '/health/live']) {
        expect((await call(api.url, 'HEAD', target)).status).to.equal(200);
        const options = await call(api.url, 'OPTIONS', target);
        expect([options.status, options.headers.get('allow')]).to.deep.equal([204, 'GET, HEAD, OPTIONS']);
      }
    });

    it('then a flood of 200 probes at once costs one check, and the next second another', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const before = checks;
      const replies = await Promise.all(Array.from({ length: 200 }, () => call(api.url, 'GET', '/health')));
      expect(new Set(replies.map((r) => r.status))).to.deep.equal(new Set([200]));
      expect(checks - before).to.equal(1);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await call(api.url, 'GET', '/health');
      expect(checks - before).to.equal(2);
    });
  });

  describe('when storage is stalled (s3rver stopped with SIGSTOP)', () => {
    let dir: string;
    let s3: EmbeddedS3;
    let api: TestApi;
    before(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-health-'));
      s3 = await startS3rver(dir, 'health', 0, () => {});
      api = await startTestApi({ storage: createStorage({ endpoint: s3.url, bucket: 'health', region: 'us-east-1', ...S3RVER_CREDENTIALS, timeoutSeconds: 1 }) });
    });
    after(async () => {
      process.kill(s3.pid, 'SIGCONT');
      await api.close();
      await s3.stop();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('then readiness is 503 naming storage, with Retry-After, within the check timeout; liveness stays 200; and readiness comes back when it resumes', async () => {
      expect((await call(api.url, 'GET', '/health')).status).to.equal(200);
      process.kill(s3.pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 1100)); // past the cached answer
      const started = performance.now();
      const reply = await call(api.url, 'GET', '/health');
      expect(performance.now() - started).to.be.below(3000);
      expect(reply.status).to.equal(503);
      expect(reply.contentType).to.match(/^application\/problem\+json/);
      expect(reply.headers.get('retry-after')).to.equal('5');
      expect(reply.body).to.deep.equal({ type: '/problems/unavailable', title: 'Not ready', status: 503, detail: 'Cannot reach photo storage right now.', database: 'ok', storage: 'down' });
      expect((await call(api.url, 'GET', '/health/live')).status).to.equal(200);
      process.kill(s3.pid, 'SIGCONT');
      const resumed = performance.now();
      let again = reply;
      while (again.status !== 200 && performance.now() - resumed < 5000) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        again = await call(api.url, 'GET', '/health');
      }
      expect(again.body).to.include({ status: 'ok', storage: 'ok' });
    });
  });

  describe('when the database cannot be reached', () => {
    let api: TestApi;
    let sequelize: ReturnType<typeof createSequelize>;
    before(async () => {
      sequelize = createSequelize(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
      api = await startTestApi({ sequelize });
    });
    after(async () => {
      await api.close();
      await sequelize.close();
    });

    it('then readiness is 503 naming the database, and liveness stays 200', async () => {
      const reply = await call(api.url, 'GET', '/health');
      expect([reply.status, reply.body.detail, reply.body.database, reply.body.storage]).to.deep.equal([503, 'Cannot reach the database right now.', 'down', 'ok']);
      expect((await call(api.url, 'GET', '/health/live')).status).to.equal(200);
    });
  });
});
