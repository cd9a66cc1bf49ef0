import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { systemClock } from '../../../api/clock.js';
import { createOutbox, outboxSettings } from '../../../api/storage/outbox.js';
import { S3RVER_CREDENTIALS, startS3rver } from '../../../api/runtime/embedded.js';
import { createStorage } from '../../../api/storage/s3.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';
import { listKeys } from '../../helpers/s3.js';
import { services } from '../../helpers/services.js';

describe('photos: nothing half-written when a backing service fails', () => {
  let dir: string;
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  let api: TestApi;
  let user: TestUser;

  // Follows the s3rver when a test starts it again on the same port.
  const flaky = () => createStorage({ endpoint: `http://127.0.0.1:${s3.port}`, bucket: 'flaky', region: 'us-east-1', ...S3RVER_CREDENTIALS });

  // A storage server of this test's own, so it can be stopped without touching the shared one.
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-s3-'));
    s3 = await startS3rver(dir, 'flaky');
    api = await startTestApi({ storage: flaky() });
    user = await signup(api.url);
  });
  afterEach(async () => {
    await api.close();
    await s3.stop().catch(() => {});
    await fs.rm(dir, { recursive: true, force: true });
  });

  const upload = async () => {
    const { body, contentType } = multipart([{ filename: 'a.jpg', data: await jpeg() }]);
    return call(api.url, 'POST', '/me/photos', { token: user.token, body, headers: { 'content-type': contentType } });
  };
  const photoRows = async () => (await services.get().sequelize.query('SELECT count(*)::int AS n FROM photos'))[0];
  const flakyKeys = () => listKeys({ url: s3.url, bucket: 'flaky' });

  it('when S3 is unreachable, an upload answers 503 problem+json, writes no row, and the rest of the API keeps serving', async () => {
    await s3.stop();
    const reply = await upload();
    expect(reply.status).to.equal(503);
    expect(reply.body).to.include({ title: 'Photo storage unavailable', status: 503 });
    expect(reply.headers.get('retry-after')).to.equal('5');
    expect(await photoRows()).to.deep.equal([{ n: 0 }]);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(200);
    expect((await call(api.url, 'GET', '/me/photos', { token: user.token })).body.count).to.equal(0);
  });

  it('when the database refuses the row, the objects already uploaded are removed again', async () => {
    const sequelize = services.get().sequelize;
    await sequelize.query(`CREATE FUNCTION refuse_photo() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`);
    await sequelize.query('CREATE TRIGGER refuse_photo BEFORE INSERT ON photos FOR EACH ROW EXECUTE FUNCTION refuse_photo()');
    try {
      const reply = await upload();
      expect(reply.status).to.equal(500);
      expect(reply.contentType).to.match(/^application\/problem\+json/);
      expect(await flakyKeys()).to.deep.equal([]);
      expect(await photoRows()).to.deep.equal([{ n: 0 }]);
    } finally {
      await sequelize.query('DROP TRIGGER refuse_photo ON photos');
      await sequelize.query('DROP FUNCTION refuse_photo()');
    }
  });

  const outboxKeys = async () =>
    (await services.get().sequelize.query<{ keys: string[] }>('SELECT keys FROM storage_outbox ORDER BY created_at', { type: QueryTypes.SELECT })).flatMap((r) => r.keys).sort();
  // The sweeper as bin/api.ts runs it, hours on: past every grace period and backoff before.
  const sweep = (hours = 1) => createOutbox({ ...outboxDeps(), clock: { now: () => new Date(Date.now() + hours * 3600_000) } }).sweep();
  const outboxDeps = () => ({ sequelize: services.get().sequelize, storage: flaky(), clock: systemClock, logger: { warn: () => {} }, settings: outboxSettings({ storageSweepSeconds: 30, s3: { timeoutSeconds: 10 } }) });
  const restartS3 = async () => (s3 = await startS3rver(dir, 'flaky', s3.port));

  it('when S3 is unreachable, deleting a photo answers 204, the row goes, and the sweeper removes its objects once S3 is back', async () => {
    const photo = (await upload()).body._embedded.photos[0];
    const keys = await flakyKeys();
    await s3.stop();
    const reply = await call(api.url, 'DELETE', photo._links.self.href, { token: user.token });
    expect(reply.status).to.equal(204);
    expect(await photoRows()).to.deep.equal([{ n: 0 }]);
    expect(await outboxKeys()).to.deep.equal(keys);
    expect(await sweep()).to.deep.equal({ removed: 0, failed: 1 });
    await restartS3();
    expect(await flakyKeys()).to.deep.equal(keys);
    expect(await sweep(2)).to.deep.equal({ removed: 1, failed: 0 });
    expect([await flakyKeys(), await outboxKeys()]).to.deep.equal([[], []]);
  });

  it('when S3 is unreachable, deleting the account answers 204 and the sweeper removes its objects once S3 is back', async () => {
    await upload();
    await upload();
    const keys = await flakyKeys();
    await s3.stop();
    const reply = await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: user.password } });
    expect(reply.status).to.equal(204);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(401);
    expect(await photoRows()).to.deep.equal([{ n: 0 }]);
    expect(await outboxKeys()).to.deep.equal(keys);
    await restartS3();
    expect(await sweep()).to.deep.equal({ removed: 1, failed: 0 });
    expect([await flakyKeys(), await outboxKeys()]).to.deep.equal([[], []]);
  });

  it('when an upload wrote its objects and died before its row, the sweeper removes them after the grace period, not before', async () => {
    const outbox = createOutbox(outboxDeps());
    const keys = ['photos/crashed/a.jpg', 'photos/crashed/a-thumb.jpg'];
    await outbox.intendUpload(keys);
    for (const key of keys) await flaky().put(key, Buffer.from('bytes'), 'image/jpeg');
    expect(await outbox.sweep()).to.deep.equal({ removed: 0, failed: 0 });
    expect(await flakyKeys()).to.deep.equal([...keys].sort());
    expect(await sweep()).to.deep.equal({ removed: 1, failed: 0 });
    expect(await flakyKeys()).to.deep.equal([]);
  });

  it('when the sweeper has claimed the keys of an upload before its row commits, the upload answers 503 and leaves nothing', async () => {
    const outbox = createOutbox(outboxDeps());
    const intent = await outbox.intendUpload(['photos/slow/a.jpg']);
    await flaky().put('photos/slow/a.jpg', Buffer.from('bytes'), 'image/jpeg');
    await sweep();
    const kept = await services.get().sequelize.transaction((transaction) => outbox.keepUpload(intent, transaction));
    expect(kept).to.equal(false);
    expect([await flakyKeys(), await outboxKeys()]).to.deep.equal([[], []]);
  });
});
