import { expect } from 'chai';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { createPhotoService } from '../../../api/photos/service.js';
import { outboxSettings } from '../../../api/storage/outbox.js';
import { demoPicture, seedDemoPhotos } from '../../../seeders/photos/demo-photos.js';
import { startTestApi, testConfig, type TestApi } from '../../helpers/api.js';
import { signup } from '../../helpers/factories.js';
import { listKeys } from '../../helpers/s3.js';
import { services } from '../../helpers/services.js';

describe('demo photos', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const service = () => {
    const { sequelize, storage } = services.get();
    return createPhotoService({ sequelize, storage, settings: testConfig().photos, logger: console, outbox: outboxSettings(testConfig()) });
  };
  const counts = () =>
    services.get().sequelize.query<{ username: string; n: number }>(
      'SELECT u.username, count(p.id)::int AS n FROM users u LEFT JOIN photos p ON p.user_id = u.id GROUP BY u.username ORDER BY 1',
      { type: QueryTypes.SELECT },
    );

  it('when drawn, pictures are deterministic 360×360 JPEGs', async () => {
    const [a, b, c] = await Promise.all([demoPicture(1), demoPicture(1), demoPicture(2)]);
    expect(a.equals(b)).to.equal(true);
    expect(a.equals(c)).to.equal(false);
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height]).to.deep.equal(['jpeg', 360, 360]);
  });

  it('when seeded, every demo user gets 1–3 photos through the real upload path, other users none, and a second run adds nothing', async () => {
    for (const name of ['demo_ann', 'demo_bob', 'demo_cy']) await signup(api.url, { username: name, email: `${name}@demo.friender.test` });
    await signup(api.url, { username: 'real_person', email: 'real@example.com' });
    const lines: string[] = [];
    const stored = await seedDemoPhotos(services.get().sequelize, service(), (l) => lines.push(l));
    const byUser = await counts();
    expect(byUser.find((r) => r.username === 'real_person')!.n).to.equal(0);
    for (const name of ['demo_ann', 'demo_bob', 'demo_cy']) expect(byUser.find((r) => r.username === name)!.n).to.be.within(1, 3);
    expect(stored).to.equal(byUser.reduce((sum, r) => sum + r.n, 0));
    expect(await listKeys()).to.have.length(stored * 2);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(new RegExp(`^demo photos: ${stored} photos for 3 demo users in \\d+ ms$`));
    expect(await seedDemoPhotos(services.get().sequelize, service())).to.equal(0);
  });

  it('when aborted, stops before the next user', async () => {
    for (const name of ['demo_x1', 'demo_x2']) await signup(api.url, { username: name, email: `${name}@demo.friender.test` });
    const abort = new AbortController();
    abort.abort();
    expect(await seedDemoPhotos(services.get().sequelize, service(), () => {}, abort.signal)).to.equal(0);
  });
});
