import { expect } from 'chai';
import { modelsOf } from '../../../api/db/models.js';
import { createPhotoService } from '../../../api/photos/service.js';
import { createUrlCache, MAX_PRESIGN_SECONDS } from '../../../api/photos/url-cache.js';
import { outboxSettings } from '../../../api/storage/outbox.js';
import { createPresigner, createS3Client, type Storage } from '../../../api/storage/s3.js';
import { startTestApi, testConfig, type TestApi } from '../../helpers/api.js';
import { signup } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { services } from '../../helpers/services.js';

/** A clock the test moves by hand. */
const handClock = (iso: string) => {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), tick: (seconds: number) => void (t += seconds * 1000) };
};

/** A signer that says what it was asked, and counts. */
const recorder = () => {
  const calls: Array<{ key: string; expires: number; at: number }> = [];
  const sign = async (key: string, expires: number, at: Date) => {
    calls.push({ key, expires, at: at.getTime() });
    return `https://s3.test/${key}?at=${at.getTime()}&expires=${expires}`;
  };
  return { calls, sign };
};
const validity = (url: string) => {
  const q = new URL(url).searchParams;
  return { from: Number(q.get('at')), until: Number(q.get('at')) + Number(q.get('expires')) * 1000 };
};

describe('presigned URL cache', () => {
  it('when a key is asked for every second for 1,350 s, then every URL served has at least the TTL to run, is never served past half its validity, and is signed once a window', async () => {
    const clock = handClock('2026-11-27T10:00:07Z');
    const { calls, sign } = recorder();
    const cache = createUrlCache({ sign, clock, ttlSeconds: 900 });
    expect(cache.window).to.equal(450);
    const served = new Set<string>();
    for (let s = 0; s < 3 * 450; s += 1, clock.tick(1)) {
      const url = await cache.url('photos/u/a.jpg');
      served.add(url);
      const { from, until } = validity(url);
      const now = clock.now().getTime();
      expect(until - now, `at +${s} s`).to.be.at.least(900 * 1000);
      expect(now - from, `at +${s} s`).to.be.at.most((until - from) / 2);
      expect(from, 'never signed in the future').to.be.at.most(now);
    }
    // Windows are aligned to the epoch: 10:00:07 to 10:22:36 crosses those from 10:00:00, 10:07:30, 10:15:00 and 10:22:30.
    expect(calls.map((c) => new Date(c.at).toISOString())).to.deep.equal(['2026-11-27T10:00:00.000Z', '2026-11-27T10:07:30.000Z', '2026-11-27T10:15:00.000Z', '2026-11-27T10:22:30.000Z']);
    expect(calls.every((c) => c.expires === 1350)).to.equal(true);
    expect(served.size).to.equal(4);
  });

  it('when two keys are asked for in one window, then each has its own URL, and asking again signs nothing', async () => {
    const clock = handClock('2026-11-27T10:00:00Z');
    const { calls, sign } = recorder();
    const cache = createUrlCache({ sign, clock, ttlSeconds: 900 });
    const [a, b] = await Promise.all([cache.url('photos/u/a.jpg'), cache.url('photos/u/a-thumb.jpg')]);
    expect(a).to.not.equal(b);
    clock.tick(449);
    expect(await cache.url('photos/u/a.jpg')).to.equal(a);
    expect(await cache.url('photos/u/a-thumb.jpg')).to.equal(b);
    expect(calls).to.have.length(2);
  });

  it('when signed for real, then the URL says the window start and TTL + window, and S3 would take it (under 7 days)', async () => {
    const client = createS3Client({ endpoint: 'http://127.0.0.1:4569', bucket: 'friender-photos', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
    const presign = createPresigner(client, 'friender-photos');
    const clock = handClock('2026-11-27T10:03:04Z');
    const cache = createUrlCache({ sign: presign, clock, ttlSeconds: 900 });
    const url = new URL(await cache.url('photos/u/a.jpg'));
    expect(url.searchParams.get('X-Amz-Date')).to.equal('20261127T100000Z');
    expect(url.searchParams.get('X-Amz-Expires')).to.equal('1350');
    // A TTL near S3's limit keeps the sum within it; at the limit, nothing is cached.
    const week = createUrlCache({ sign: presign, clock, ttlSeconds: MAX_PRESIGN_SECONDS - 100 });
    expect(new URL(await week.url('photos/u/a.jpg')).searchParams.get('X-Amz-Expires')).to.equal(String(MAX_PRESIGN_SECONDS));
    const full = createUrlCache({ sign: presign, clock, ttlSeconds: MAX_PRESIGN_SECONDS });
    expect(full.window).to.equal(0);
    expect(new URL(await full.url('photos/u/a.jpg')).searchParams.get('X-Amz-Date')).to.equal('20261127T100304Z');
  });

  it('when the TTL is too short to halve (1 s), then every URL is signed on the spot for exactly the TTL', async () => {
    const clock = handClock('2026-11-27T10:00:00.500Z');
    const { calls, sign } = recorder();
    const cache = createUrlCache({ sign, clock, ttlSeconds: 1 });
    await cache.url('k');
    await cache.url('k');
    expect(calls).to.deep.equal([
      { key: 'k', expires: 1, at: clock.now().getTime() },
      { key: 'k', expires: 1, at: clock.now().getTime() },
    ]);
    expect(cache.size).to.equal(0);
  });

  it('when more keys are asked for than it may hold, then the oldest go first and the size stays bounded', async () => {
    const clock = handClock('2026-11-27T10:00:00Z');
    const { calls, sign } = recorder();
    const cache = createUrlCache({ sign, clock, ttlSeconds: 900, maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await cache.url(key);
    expect(cache.size).to.equal(3);
    expect(['a', 'b', 'c', 'd'].map((k) => cache.has(k))).to.deep.equal([false, true, true, true]);
    await cache.url('a');
    expect(calls.map((c) => c.key)).to.deep.equal(['a', 'b', 'c', 'd', 'a']);
    expect(cache.size).to.equal(3);
  });

  describe('in the photo service', () => {
    let api: TestApi;
    before(async () => (api = await startTestApi()));
    after(() => api.close());

    it('when a photo is deleted, then its URLs are no longer kept, and the other photo\'s URLs are served from the cache', async () => {
      const { sequelize, storage } = services.get();
      let signed = 0;
      const counting: Storage = { ...storage, presign: (key, seconds, at) => ((signed += 1), storage.presign(key, seconds, at)) };
      const photos = createPhotoService({ sequelize, storage: counting, settings: testConfig().photos, logger: console, outbox: outboxSettings(testConfig()) });
      const { username } = await signup(api.url);
      const user = (await modelsOf(sequelize).User.findOne({ where: { username } }))!;
      const [first, second] = await photos.upload(user, [{ name: '1.jpg', bytes: await jpeg() }, { name: '2.jpg', bytes: await jpeg() }]);
      const before = await photos.urls(second!);
      await photos.urls(first!);
      expect(signed).to.equal(4);
      await photos.remove(user, first!.id);
      expect(photos.urlCache.has(first!.objectKey) || photos.urlCache.has(first!.thumbnailKey)).to.equal(false);
      expect(await photos.urls(second!)).to.deep.equal(before);
      expect(signed).to.equal(4);
      const res = await fetch(before.image);
      expect(res.status).to.equal(200);
      await res.arrayBuffer();
    });
  });
});
