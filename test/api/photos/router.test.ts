import { expect } from 'chai';
import ExifReader from 'exifreader';
import sharp from 'sharp';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, type TestUser } from '../../helpers/factories.js';
import { html, jpeg, phoneJpeg, png, pngBomb, polyglot, svg, webp } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';
import { getObject, listKeys } from '../../helpers/s3.js';

type Part = Parameters<typeof multipart>[0][number];

describe('photos', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));

  const upload = (parts: Part[], token = user.token) => {
    const { body, contentType } = multipart(parts);
    return call(api.url, 'POST', '/me/photos', { token, body, headers: { 'content-type': contentType } });
  };
  const list = (token = user.token) => call(api.url, 'GET', '/me/photos', { token });
  const fetchBytes = async (url: string) => {
    const res = await fetch(url);
    return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
  };

  it('when the profile is read, it links to the photos collection, which starts empty with an upload form', async () => {
    const me = await call(api.url, 'GET', '/me', { token: user.token });
    expect(me.body._links.photos.href).to.equal('/me/photos');
    const reply = await list();
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ count: 0, max: 6, _embedded: { photos: [] } });
    expect(reply.body._templates.upload).to.deep.equal({
      title: 'Add photos',
      method: 'POST',
      target: '/me/photos',
      contentType: 'multipart/form-data',
      properties: [{ name: 'photo', prompt: 'Photos (JPEG, PNG or WebP)', required: true, type: 'file', multiple: true, accept: 'image/jpeg,image/png,image/webp', maxSize: 10485760, maxItems: 6 }],
    });
  });

  it('when JPEG, PNG and WebP files are uploaded together, stores each with its sniffed type, in order, with presigned image and thumbnail links', async () => {
    const reply = await upload([
      { filename: 'a.jpg', contentType: 'image/jpeg', data: await jpeg(640, 480) },
      { filename: 'b.png', contentType: 'text/plain', data: await png() },
      { filename: 'c', data: await webp() },
    ]);
    expect(reply.status, reply.text).to.equal(201);
    const photos = reply.body._embedded.photos;
    expect(photos.map((p: { position: number; contentType: string }) => [p.position, p.contentType])).to.deep.equal([
      [1, 'image/jpeg'],
      [2, 'image/png'],
      [3, 'image/webp'],
    ]);
    expect(photos[0]).to.include({ width: 640, height: 480 });
    expect(Object.keys(photos[0]._links)).to.deep.equal(['self', 'image', 'thumbnail']);
    expect(Object.keys(photos[0]._templates)).to.deep.equal(['delete', 'move']);
    // Signed as of the start of a 450 s window, valid 1,350 s from then: at least the 900 s TTL from now (url-cache.ts).
    const signed = new URL(photos[0]._links.image.href);
    expect(signed.searchParams.get('X-Amz-Signature')).to.match(/^[0-9a-f]{64}$/);
    expect(signed.searchParams.get('X-Amz-Expires')).to.equal('1350');
    const [, y, mo, d, h, mi, s] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(signed.searchParams.get('X-Amz-Date')!)!.map(Number) as number[];
    const validUntil = Date.UTC(y!, mo! - 1, d, h, mi, s) + 1350 * 1000;
    expect(validUntil - Date.now()).to.be.at.least(900 * 1000 - 5000).and.at.most(1350 * 1000);

    const image = await fetchBytes(photos[0]._links.image.href);
    expect(image.status).to.equal(200);
    expect(image.type).to.equal('image/jpeg');
    const thumb = await fetchBytes(photos[0]._links.thumbnail.href);
    const meta = await sharp(thumb.body).metadata();
    expect([meta.format, meta.width, meta.height]).to.deep.equal(['jpeg', 320, 240]);

    const keys = await listKeys();
    expect(keys).to.have.length(6);
    for (const key of keys) expect(key).to.match(/^photos\/[0-9a-f-]{36}\/[0-9a-f-]{36}(-thumb\.jpg|\.jpg|\.png|\.webp)$/);
    // Generated names only: the uploader's file name is never part of a key.
    expect(keys.some((key) => key.endsWith('/a.jpg') || key.includes('/a.jpg/'))).to.equal(false);
  });

  it('when a phone photo is uploaded, it is turned upright and no GPS, camera or time survives in the stored bytes', async () => {
    const original = await phoneJpeg(200, 100);
    expect(ExifReader.load(original, { expanded: true }).gps?.Latitude).to.be.closeTo(40.75, 0.01);
    const reply = await upload([{ filename: 'IMG_0001.jpg', data: original }]);
    expect(reply.status, reply.text).to.equal(201);
    expect(reply.body._embedded.photos[0]).to.include({ width: 100, height: 200 });
    for (const key of await listKeys()) {
      const stored = (await getObject(key)).body;
      const tags = ExifReader.load(stored, { expanded: true });
      expect(tags.gps, key).to.equal(undefined);
      expect(tags.exif, key).to.equal(undefined);
      expect(stored.includes(Buffer.from('SpyCam')), key).to.equal(false);
    }
  });

  const hostile: Array<[string, () => Buffer | Promise<Buffer>, number]> = [
    ['an SVG named .jpg', () => svg, 415],
    ['an HTML page sent as image/png', () => html, 415],
    ['an HTML page behind JPEG magic bytes (a polyglot)', () => polyglot, 415],
    ['plain text', () => Buffer.from('hello, not an image'), 415],
    ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 415],
    ['a truncated JPEG', async () => (await jpeg(400, 300)).subarray(0, 300), 415],
  ];
  for (const [what, make, status] of hostile) {
    it(`when ${what} is uploaded, answers ${status} and stores nothing`, async () => {
      const reply = await upload([{ filename: 'evil.jpg', contentType: 'image/jpeg', data: await make() }]);
      expect(reply.status, reply.text).to.equal(status);
      expect(reply.contentType).to.match(/^application\/problem\+json/);
      expect(reply.body.errors[0].field).to.equal('photo');
      expect((await list()).body.count).to.equal(0);
      expect(await listKeys()).to.deep.equal([]);
    });
  }

  it('when a decompression bomb (20000×20000 PNG) is uploaded, refuses it from the header in well under a second', async () => {
    const bomb = pngBomb();
    const started = performance.now();
    const reply = await upload([{ filename: 'bomb.png', data: bomb }]);
    const elapsed = performance.now() - started;
    expect(reply.status).to.equal(422);
    expect(reply.body.errors).to.deep.equal([{ field: 'photo', message: 'bomb.png is 20000×20000; at most 40 megapixels are accepted' }]);
    expect(elapsed).to.be.lessThan(1000);
    expect(await listKeys()).to.deep.equal([]);
  });

  it('when one file of several is bad, stores none of them', async () => {
    const reply = await upload([{ filename: 'ok.jpg', data: await jpeg() }, { filename: 'bad.svg', data: svg }]);
    expect(reply.status).to.equal(415);
    expect(reply.body.detail).to.match(/^bad\.svg: /);
    expect(await listKeys()).to.deep.equal([]);
  });

  it('when a file is over 10 MB, answers 413 naming it while still streaming', async () => {
    const big = Buffer.concat([await jpeg(), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const reply = await upload([{ filename: 'huge.jpg', data: big }]);
    expect(reply.status).to.equal(413);
    expect(reply.body.errors).to.deep.equal([{ field: 'photo', message: 'huge.jpg is larger than 10 MB.' }]);
  });

  it('when the declared body is far over the limit, answers 413 before reading it', async () => {
    const reply = await call(api.url, 'POST', '/me/photos', { token: user.token, body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(200 * 1024 * 1024) } }).catch(() => undefined);
    if (reply) expect(reply.status).to.equal(413);
  });

  it('when the body ends inside a file, answers 400, stores nothing, and the API keeps serving', async () => {
    const headers = { 'content-type': 'multipart/form-data; boundary=XB' };
    const cut = '--XB\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nAAAA';
    for (const body of [cut, `${cut}\r\n`, cut.replace('name="photo"', 'name="other"')]) {
      const reply = await call(api.url, 'POST', '/me/photos', { token: user.token, body, headers });
      expect(reply.status, JSON.stringify(body)).to.be.oneOf([400, 422]);
      expect(reply.contentType).to.match(/^application\/problem\+json/);
    }
    expect((await call(api.url, 'GET', '/me/photos', { token: user.token })).body.count).to.equal(0);
    expect(await listKeys()).to.deep.equal([]);
  });

  it('when seven files come in one upload, answers 422 and stores nothing', async () => {
    const seven = await Promise.all(Array.from({ length: 7 }, () => jpeg(16, 16)));
    const reply = await upload(seven.map((data, i) => ({ filename: `${i}.jpg`, data })));
    expect([reply.status, reply.body.errors]).to.deep.equal([422, [{ field: 'photo', message: 'at most 6 files per upload' }]]);
    expect(await listKeys()).to.deep.equal([]);
  });

  it('when the body is not multipart, answers 415; when there is no file, 422; when the field is wrong, 422 naming it', async () => {
    expect((await call(api.url, 'POST', '/me/photos', { token: user.token, json: {} })).status).to.equal(415);
    const none = await upload([]);
    expect([none.status, none.body.errors]).to.deep.equal([422, [{ field: 'photo', message: 'attach at least one file' }]]);
    const wrong = await upload([{ field: 'picture', filename: 'a.jpg', data: await jpeg() }]);
    expect([wrong.status, wrong.body.errors[0].field]).to.deep.equal([422, 'picture']);
  });

  it('when six photos are stored, the upload form disappears and a seventh is refused with 409', async () => {
    const six = await Promise.all(Array.from({ length: 6 }, (_, i) => jpeg(32, 32, `#${(i + 1) * 111}`)));
    expect((await upload(six.map((data, i) => ({ filename: `${i}.jpg`, data })))).status).to.equal(201);
    const full = await list();
    expect(full.body.count).to.equal(6);
    expect(full.body._templates).to.equal(undefined);
    const seventh = await upload([{ filename: '7.jpg', data: await jpeg() }]);
    expect(seventh.status).to.equal(409);
    expect(seventh.body.errors).to.deep.equal([{ field: 'photo', message: 'at most 6 photos' }]);
    expect(await listKeys()).to.have.length(12);
  });

  it('when two uploads race for the last slots, the limit still holds and nothing is left behind', async () => {
    await upload(await Promise.all([1, 2, 3, 4].map(() => jpeg())).then((d) => d.map((data) => ({ filename: 'x.jpg', data }))));
    const two = async () => upload([{ filename: 'a.jpg', data: await jpeg() }, { filename: 'b.jpg', data: await jpeg() }]);
    const replies = await Promise.all([two(), two()]);
    expect(replies.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    expect((await list()).body.count).to.equal(6);
    expect(await listKeys()).to.have.length(12);
  });

  it('when a photo is deleted, both objects go, its URLs stop working, and the rest close ranks', async () => {
    const reply = await upload([{ filename: '1.jpg', data: await jpeg() }, { filename: '2.png', data: await png() }]);
    const [first, second] = reply.body._embedded.photos;
    expect((await call(api.url, 'DELETE', first._links.self.href, { token: user.token })).status).to.equal(204);
    expect((await fetchBytes(first._links.image.href)).status).to.equal(404);
    expect((await fetchBytes(first._links.thumbnail.href)).status).to.equal(404);
    const after = await list();
    expect(after.body._embedded.photos.map((p: { id: string; position: number }) => [p.id, p.position])).to.deep.equal([[second.id, 1]]);
    expect(await listKeys()).to.have.length(2);
  });

  it('when a photo is moved, the order changes and the first one is the primary', async () => {
    const reply = await upload(await Promise.all([1, 2, 3].map(async (i) => ({ filename: `${i}.png`, data: await png(10 * i, 10) }))));
    const [a, b, c] = reply.body._embedded.photos;
    expect(c._templates.move).to.deep.include({ method: 'POST', target: `/me/photos/${c.id}/position`, contentType: 'application/json' });
    expect(c._templates.move.properties).to.deep.equal([{ name: 'position', prompt: 'New position (1 is shown first)', required: true, type: 'number', step: 1, min: 1, max: 3 }]);
    const moved = await call(api.url, 'POST', c._templates.move.target, { token: user.token, json: { position: 1 } });
    expect(moved.status).to.equal(200);
    expect(moved.body._embedded.photos.map((p: { id: string }) => p.id)).to.deep.equal([c.id, a.id, b.id]);
    expect(moved.body._embedded.photos.map((p: { position: number }) => p.position)).to.deep.equal([1, 2, 3]);
    for (const position of [0, 4, 1.5, '1']) {
      const bad = await call(api.url, 'POST', c._templates.move.target, { token: user.token, json: { position } });
      expect(bad.status, String(position)).to.equal(422);
      expect(bad.body.errors[0].field).to.equal('position');
    }
  });

  describe('only the owner', () => {
    let photoUrl: string;
    let moveUrl: string;
    let other: TestUser;
    beforeEach(async () => {
      const reply = await upload([{ filename: 'mine.jpg', data: await jpeg() }]);
      photoUrl = reply.body._embedded.photos[0]._links.self.href;
      moveUrl = reply.body._embedded.photos[0]._templates.move.target;
      other = await signup(api.url);
    });

    it('when another user reads, deletes or moves my photo, answers 404 and changes nothing', async () => {
      expect((await call(api.url, 'GET', photoUrl, { token: other.token })).status).to.equal(404);
      expect((await call(api.url, 'DELETE', photoUrl, { token: other.token })).status).to.equal(404);
      expect((await call(api.url, 'POST', moveUrl, { token: other.token, json: { position: 1 } })).status).to.equal(404);
      expect((await list(other.token)).body.count).to.equal(0);
      expect((await list()).body.count).to.equal(1);
      expect(await listKeys()).to.have.length(2);
    });

    it('when anonymous, every photo route answers 401', async () => {
      for (const [method, path] of [['GET', '/me/photos'], ['POST', '/me/photos'], ['GET', photoUrl], ['DELETE', photoUrl], ['POST', moveUrl]] as const) {
        expect((await call(api.url, method, path)).status, `${method} ${path}`).to.equal(401);
      }
    });

    it('when the id is not a photo id, answers 404', async () => {
      expect((await call(api.url, 'GET', '/me/photos/not-a-uuid', { token: user.token })).status).to.equal(404);
    });

    it('when the account is deleted, its photo objects go with it', async () => {
      expect((await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: user.password } })).status).to.equal(204);
      expect(await listKeys()).to.deep.equal([]);
    });
  });
});
