import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { S3RVER_CREDENTIALS, startS3rver, type EmbeddedS3 } from '../../../api/runtime/embedded.js';
import { createStorage } from '../../../api/storage/s3.js';
import { createOutbox, outboxSettings } from '../../../api/storage/outbox.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, signupComplete, type TestUser } from '../../helpers/factories.js';
import { fullDisk } from '../../helpers/full-disk.js';
import { jpeg, noisyJpeg } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';
import { listKeys } from '../../helpers/s3.js';
import { services } from '../../helpers/services.js';

const TIMEOUT_SECONDS = 1;
const BUCKET = 'faults';

describe('photos: a stalled, dead or full S3 fails photo requests only, and leaves nothing half-written', () => {
  let s3: EmbeddedS3;
  let api: TestApi;
  let user: TestUser;
  let dispose: () => Promise<void>;

  const storage = () => createStorage({ endpoint: s3.url, bucket: BUCKET, region: 'us-east-1', ...S3RVER_CREDENTIALS, timeoutSeconds: TIMEOUT_SECONDS });
  const start = async (s3Dir: string) => {
    s3 = await startS3rver(s3Dir, BUCKET, 0, () => {});
    api = await startTestApi({ storage: storage() });
    user = await signup(api.url);
  };
  afterEach(async () => {
    process.kill(s3.pid, 'SIGCONT'); // a test that failed mid-stall must not leave it stopped
    await api.close();
    await s3.stop();
    await dispose();
  });

  const upload = async (token = user.token, files = 1) => {
    const { body, contentType } = multipart(await Promise.all(Array.from({ length: files }, async (_, i) => ({ filename: `${i}.jpg`, data: await jpeg(64 + i, 48) }))));
    return call(api.url, 'POST', '/me/photos', { token, body, headers: { 'content-type': contentType } });
  };
  const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    return [await work, performance.now() - started];
  };
  const rowKeys = async () =>
    (await services.get().sequelize.query<{ k: string }>('SELECT unnest(ARRAY[object_key, thumbnail_key]) AS k FROM photos ORDER BY 1', { type: QueryTypes.SELECT })).map((r) => r.k);
  const objectKeys = () => listKeys({ url: s3.url, bucket: BUCKET });
  const sweep = () =>
    createOutbox({
      sequelize: services.get().sequelize, storage: storage(), clock: { now: () => new Date(Date.now() + 3600_000) }, logger: { warn: () => {} }, settings: outboxSettings({ storageSweepSeconds: 30, s3: { timeoutSeconds: TIMEOUT_SECONDS } }),
    }).sweep();

  describe('with s3rver in a child process of its own', () => {
    beforeEach(async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-faults-'));
      dispose = () => fs.rm(dir, { recursive: true, force: true });
      await start(dir);
    });

    it('when S3 is stopped (SIGSTOP), uploads get 503 with Retry-After within the timeout, deletes commit, the rest of the API stays fast, and after it resumes the sweeper leaves nothing half-written', async () => {
      const other = await signupComplete(api.url);
      const owners = [user, await signup(api.url)];
      for (const owner of owners) expect((await upload(owner.token, 5)).status).to.equal(201);
      const photos = (await Promise.all(owners.map((o) => call(api.url, 'GET', '/me/photos', { token: o.token })))).flatMap((r, i) =>
        r.body._embedded.photos.map((p: { _links: { self: { href: string } } }) => ({ href: p._links.self.href, token: owners[i]!.token })),
      );
      expect(photos).to.have.length(10);

      process.kill(s3.pid, 'SIGSTOP');
      // Ten deletes and an upload at once: before, each delete held a pooled connection in a
      // transaction across its S3 call, and ten of them starved every other request.
      const deletes = Promise.all(photos.map((p) => call(api.url, 'DELETE', p.href, { token: p.token })));
      const stalledUpload = timed(upload(other.token));
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 3; i += 1) {
        const [me, meMs] = await timed(call(api.url, 'GET', '/me', { token: other.token }));
        const [page, pageMs] = await timed(call(api.url, 'GET', '/candidates', { token: other.token }));
        expect([me.status, page.status]).to.deep.equal([200, 200]);
        expect(Math.max(meMs, pageMs)).to.be.below(500);
      }
      const [uploaded, uploadMs] = await stalledUpload;
      expect(uploaded.status).to.equal(503);
      expect(uploaded.contentType).to.match(/^application\/problem\+json/);
      expect([uploaded.body.title, uploaded.headers.get('retry-after')]).to.deep.equal(['Photo storage unavailable', '5']);
      expect(uploadMs).to.be.below((TIMEOUT_SECONDS + 2) * 1000);
      expect((await deletes).map((r) => r.status)).to.deep.equal(Array(10).fill(204));
      expect(await rowKeys()).to.deep.equal([]);

      process.kill(s3.pid, 'SIGCONT');
      const waiting = await services.get().sequelize.query('SELECT 1 FROM storage_outbox', { type: QueryTypes.SELECT });
      expect(waiting.length, 'outbox entries: the deletes, and the upload that wrote down its keys').to.equal(11);
      await sweep();
      expect(await objectKeys()).to.deep.equal([]);
      const again = await upload(other.token);
      expect(again.status).to.equal(201);
      expect(await objectKeys()).to.deep.equal(await rowKeys());
    });

    it('when the s3rver process is killed, photo requests get 503, it is started again on the same port, and uploads work within seconds', async () => {
      expect((await upload()).status).to.equal(201);
      const killed = s3.pid;
      process.kill(killed, 'SIGKILL');
      const down = await upload();
      expect([down.status, down.body.title]).to.deep.equal([503, 'Photo storage unavailable']);
      expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(200);
      const started = performance.now();
      let reply = down;
      while (reply.status !== 201 && performance.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        reply = await upload();
      }
      expect(reply.status).to.equal(201);
      expect(s3.pid).not.to.equal(killed);
      expect(performance.now() - started).to.be.below(5000);
      expect(await objectKeys()).to.deep.equal(await rowKeys());
    });
  });

  describe('on a disk that fills up', () => {
    let disk: Awaited<ReturnType<typeof fullDisk>>;
    beforeEach(async () => {
      disk = await fullDisk();
      dispose = () => disk.dispose();
      await start(disk.dir);
    });

    it('when a write fails with the disk full, the upload answers 503, s3rver and the API keep running, nothing is half-written, and uploads work once there is room', async () => {
      expect((await upload()).status).to.equal(201);
      const pid = s3.pid;
      await disk.fill(pid);
      const { body, contentType } = multipart([{ filename: 'big.jpg', data: await noisyJpeg(0.5) }]);
      const full = await call(api.url, 'POST', '/me/photos', { token: user.token, body, headers: { 'content-type': contentType } });
      expect([full.status, full.body.title, full.headers.get('retry-after')], disk.how).to.deep.equal([503, 'Photo storage unavailable', '5']);
      expect(s3.pid, 'the same s3rver process').to.equal(pid);
      expect((await call(api.url, 'GET', '/me/photos', { token: user.token })).body.count).to.equal(1);
      expect(await objectKeys()).to.deep.equal(await rowKeys());
      await disk.free(pid);
      expect((await upload()).status).to.equal(201);
      expect(await objectKeys()).to.deep.equal(await rowKeys());
    });
  });
});
