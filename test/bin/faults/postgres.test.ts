import { expect } from 'chai';
import { startEmbeddedPostgres, type Running } from '../../../api/runtime/embedded.js';
import { services } from '../../helpers/services.js';
import { call } from '../../helpers/http.js';
import { expectOnly503sWhileDown, killAndTimeRecovery, sleep } from '../../helpers/db-outage.js';
import { signup } from '../../helpers/factories.js';
import { matchedPair, postmasterPid, preparedDataDir, Started, tempDir } from '../../helpers/api-process.js';

/** After recovery a held long-poll still wakes the moment a message is sent: the LISTEN connection is back. */
async function expectPollsWake(base: string, pair: Awaited<ReturnType<typeof matchedPair>>): Promise<void> {
  const path = `/matches/${pair.matchId}/messages`;
  const polling = call(base, 'GET', `${path}?after=0&wait=20`, { token: pair.a.token });
  await sleep(300);
  const sentAt = Date.now();
  expect((await call(base, 'POST', path, { token: pair.b.token, json: { body: 'still there?' } })).status).to.equal(201);
  const woken = await polling;
  expect(woken.status).to.equal(200);
  expect(woken.body._embedded.messages.map((m: { body: string }) => m.body)).to.deep.equal(['still there?']);
  expect(Date.now() - sentAt, 'woken by the notification, not by its 20 s wait').to.be.lessThan(3_000);
}

describe('bin/api faults: the database dies under a running API', function () {
  this.timeout(120_000);
  const started = new Started();
  afterEach(() => started.removeFolders());

  it('when its embedded PostgreSQL is killed with -9, then requests get 503 (never 500), it restarts PostgreSQL itself, logs each change once, and serves again', async () => {
    const dataDir = await preparedDataDir(started);
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await api.waitFor(/listening on/);
    const pair = await matchedPair(api.base, 'pgkill');
    const mark = api.output().length;

    const { ms, replies } = await killAndTimeRecovery(api, postmasterPid(dataDir)!, pair.a.token);
    console.log(`        embedded PostgreSQL killed: serving again after ${ms} ms (${replies.length} requests meanwhile, ${replies.filter((r) => r.status === 503).length} answered 503)`);
    expectOnly503sWhileDown(replies);
    expect(ms).to.be.lessThan(10_000);
    await api.waitFor(/chat notifications: listening again/, 10_000);
    const outage = api.output().slice(mark).split('\n').filter(Boolean);
    expect(outage.filter((l) => /embedded PostgreSQL stopped unexpectedly \(signal SIGKILL\)/.test(l))).to.have.length(1);
    expect(outage.filter((l) => /chat notifications: database connection lost/.test(l))).to.have.length(1);
    expect(outage.filter((l) => /embedded PostgreSQL is up again/.test(l))).to.have.length(1);
    expect(outage.length, `a few lines for the outage, not one per request:\n${outage.join('\n')}`).to.be.at.most(6);

    expect((await call(api.base, 'GET', '/me', { token: pair.a.token })).body.username, 'written before the kill, still there').to.equal(pair.a.username);
    await expectPollsWake(api.base, pair);
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });

  it('when an external DATABASE_URL goes away and comes back, then requests get 503 meanwhile, and polls wake again after', async () => {
    // A PostgreSQL of the test's own, so it can be killed; its supervisor brings it back as an operator's would.
    const dir = started.folder(tempDir('friender-external-'));
    const log: string[] = [];
    const external: Running = await startEmbeddedPostgres(dir, 'external-db-password-0123', (line) => log.push(line));
    try {
      const s = services.get();
      const api = await started.api({
        DATABASE_URL: external.url, S3_ENDPOINT: s.s3.url, S3_BUCKET: s.s3.bucket, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
        JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
      });
      await api.waitFor(/listening on/);
      const pair = await matchedPair(api.base, 'extkill');
      const watcher = await signup(api.base, { username: 'ext_watcher' });

      const { ms, replies } = await killAndTimeRecovery(api, postmasterPid(dir)!, watcher.token);
      console.log(`        external PostgreSQL killed and restarted: serving again after ${ms} ms`);
      expect(ms).to.be.lessThan(15_000);
      expectOnly503sWhileDown(replies);
      await api.waitFor(/chat notifications: listening again/, 10_000);
      expect(api.output()).not.to.match(/failed:|\n\s+at /);
      await expectPollsWake(api.base, pair);
      api.child.kill('SIGTERM');
      expect(await api.exited).to.equal(0);
    } finally {
      await started.killAll();
      await external.stop();
    }
  });
});
