import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, person, type TestUser } from '../../helpers/factories.js';
import { jpeg, phoneJpeg, png } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';
import { services } from '../../helpers/services.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('photos: the SHA-256 of what was uploaded', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (ana = await person(api.url, `sha_${process.pid % 1000}_${Date.now() % 100000}`, { zipCode: '10001' })));

  it('when photos are uploaded, then each carries the hash of the bytes as sent (not of the re-encoded image), and only the hash is stored', async () => {
    const files = [await phoneJpeg(), await png(30, 20)];
    const { body, contentType } = multipart(files.map((data, i) => ({ filename: `f${i}`, data })));
    const reply = await call(api.url, 'POST', '/me/photos', { token: ana.token, body, headers: { 'content-type': contentType } });
    expect(reply.status, reply.text).to.equal(201);
    const photos = reply.body._embedded.photos as Array<{ id: string; sha256: string; _links: { image: { href: string } } }>;
    expect(photos.map((p) => p.sha256)).to.deep.equal(files.map(sha256));
    const stored = Buffer.from(await (await fetch(photos[0]!._links.image.href)).arrayBuffer());
    expect(sha256(stored)).not.to.equal(photos[0]!.sha256); // re-encoded without its metadata
    const one = await call(api.url, 'GET', `/me/photos/${photos[1]!.id}`, { token: ana.token });
    expect(one.body.sha256).to.equal(sha256(files[1]!));
    const columns = await services.get().sequelize.query<{ column_name: string; data_type: string }>(
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'photos' ORDER BY ordinal_position",
      { type: QueryTypes.SELECT },
    );
    expect(columns.filter((c) => c.data_type === 'bytea')).to.deep.equal([]);
  });

  it('when a photo was stored before hashes were kept, then its sha256 is null', async () => {
    const [id] = await addPhotos(api.url, ana.token, [await jpeg(20, 20)]);
    await services.get().sequelize.query('UPDATE photos SET sha256 = NULL WHERE id = $1', { bind: [id] });
    const list = await call(api.url, 'GET', '/me/photos', { token: ana.token });
    expect(list.body._embedded.photos[0].sha256).to.equal(null);
  });

  it('when someone else sees the photo on a card, then the hash is not shown to them', async () => {
    await addPhotos(api.url, ana.token, [await jpeg(20, 20)]);
    const ben = await person(api.url, `shb_${process.pid % 1000}_${Date.now() % 100000}`, { zipCode: '10002' });
    const page = await call(api.url, 'GET', '/candidates', { token: ben.token });
    const card = (page.body._embedded.candidates as Array<{ username: string }>).find((c) => c.username === ana.username);
    expect(card, 'ana on ben\'s deck').to.not.equal(undefined);
    expect(JSON.stringify(card)).not.to.include('sha256');
  });
});
