import { expect } from 'chai';
import { freePort } from '../../api/runtime/embedded.js';
import { childrenOf, isAlive, signal, waitForExit } from '../../api/runtime/processes.js';
import { call } from '../helpers/http.js';
import { signup } from '../helpers/factories.js';
import { spawnNode, type Spawned } from '../helpers/process.js';
import { services } from '../helpers/services.js';
import { until } from '../helpers/until.js';


describe('bin/cluster (npm run cluster): one API process per CPU on one port', function () {
  this.timeout(90_000);
  let cluster: Spawned | undefined;
  let pids: number[] = [];
  afterEach(async () => {
    // Everything it started ends, by PID, whatever the test did.
    for (const pid of pids) if (isAlive(pid)) signal(pid, 'SIGKILL');
    for (const pid of pids) await waitForExit(pid, 5_000);
    pids = [];
  });

  it('when started with WEB_CONCURRENCY=2 over external services, then two workers answer on one port; a killed worker is replaced; SIGTERM stops them all and exits 0', async () => {
    const s = services.get();
    const port = await freePort();
    cluster = spawnNode('dist/bin/cluster.js', [], {
      WEB_CONCURRENCY: '2', PORT: String(port), HOST: '127.0.0.1', BCRYPT_COST: '4', SIGNUPS_PER_IP_PER_HOUR: '1000',
      DATABASE_URL: s.databaseUrl, S3_ENDPOINT: s.s3.url, S3_BUCKET: s.s3.bucket, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
      JWT_SECRET: 'a-cluster-secret-of-at-least-32-bytes-long!',
    });
    const primary = cluster.child.pid!;
    pids.push(primary);
    await cluster.waitFor(/listening on http:\/\/localhost:\d+ with 2 workers/);
    const workers = childrenOf(primary);
    pids.push(...workers);
    expect(workers).to.have.length(2);
    const base = `http://127.0.0.1:${port}`;
    // One secret for all: a login made through one worker opens the API on every other.
    const user = await signup(base, { username: 'cluster_ann' });
    for (let i = 0; i < 6; i += 1) expect((await call(base, 'GET', '/me', { token: user.token })).status).to.equal(200);

    signal(workers[0]!, 'SIGKILL');
    await cluster.waitFor(/worker \d+ exited \(SIGKILL\); starting another/);
    await until(() => childrenOf(primary).filter((pid) => pid !== workers[0]).length === 2, { timeoutMs: 20_000, intervalMs: 100 });
    pids.push(...childrenOf(primary));
    await until(async () => (await call(base, 'GET', '/health').catch(() => ({ status: 0 }))).status === 200, { timeoutMs: 20_000, intervalMs: 100 });

    signal(primary, 'SIGTERM');
    expect(await cluster.exited).to.equal(0);
    for (const pid of pids) expect(isAlive(pid), `process ${pid}`).to.equal(false);
    expect(cluster.output()).not.to.match(/\n\s+at /);
  });

  it('when WEB_CONCURRENCY is not a whole number from 1 to 64, then it says so and exits 1 before starting anything', async () => {
    cluster = spawnNode('dist/bin/cluster.js', [], { WEB_CONCURRENCY: 'lots', DATABASE_URL: services.get().databaseUrl, JWT_SECRET: 'a-cluster-secret-of-at-least-32-bytes-long!' });
    pids.push(cluster.child.pid!);
    expect(await cluster.exited).to.equal(1);
    expect(cluster.output()).to.include('WEB_CONCURRENCY must be a whole number from 1 to 64, not "lots"');
  });
});
