import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import ExifReader from 'exifreader';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg, phoneJpeg, png, webp } from '../../../helpers/images.js';
import { listKeys } from '../../../helpers/s3.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender photos add', () => {
  let api: TestApi;
  let user: TestUser;
  let dir: string;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    user = await signup(api.url);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-photos-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const file = async (name: string, data: Buffer | string) => {
    const full = path.join(dir, name);
    await fs.writeFile(full, data);
    return full;
  };
  const photos = async () => (await call(api.url, 'GET', '/me/photos', { token: user.token })).body;

  it('when given JPEG, PNG and WebP files, then uploads each in order, says so per file and exits 0', async () => {
    const files = [await file('a.jpg', await jpeg(120, 90)), await file('b.png', await png(30, 60)), await file('c.webp', await webp())];
    const result = await friender(['photos', 'add', ...files]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(`Added ${files[0]} as photo 1 of 1.\nAdded ${files[1]} as photo 2 of 2.\nAdded ${files[2]} as photo 3 of 3.\n`);
    const stored = await photos();
    expect(stored._embedded.photos.map((p: { contentType: string; width: number }) => [p.contentType, p.width])).to.deep.equal([
      ['image/jpeg', 120],
      ['image/png', 30],
      ['image/webp', 64],
    ]);
  });

  it('when a phone photo is added, then the stored image carries no GPS, camera or time', async () => {
    const result = await friender(['photos', 'add', await file('phone.jpg', await phoneJpeg())]);
    expect(result.code, result.stderr).to.equal(0);
    const [photo] = (await photos())._embedded.photos;
    const bytes = Buffer.from(await (await fetch(photo._links.image.href)).arrayBuffer());
    const tags = ExifReader.load(bytes, { expanded: true });
    expect(tags.gps).to.equal(undefined);
    expect(tags.exif?.Make).to.equal(undefined);
    expect(tags.exif?.DateTime).to.equal(undefined);
    expect([photo.width, photo.height]).to.deep.equal([100, 200]); // turned upright
  });

  it('when some files are bad, then the good ones are stored, each bad one gets its own line and the exit code is 1', async () => {
    const good = await file('good.jpg', await jpeg());
    const text = await file('notes.txt', 'just words');
    const svg = await file('drawing.jpg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const empty = await file('empty.png', '');
    const big = await file('big.jpg', Buffer.alloc(10 * 1024 * 1024 + 1));
    const missing = path.join(dir, 'missing.jpg');
    const result = await friender(['photos', 'add', text, good, svg, empty, big, missing, dir]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      `Could not add ${text}: is not a JPEG, PNG or WebP image.\n` +
        `Added ${good} as photo 1 of 1.\n` +
        `Could not add ${svg}: is not a JPEG, PNG or WebP image.\n` +
        `Could not add ${empty}: is empty.\n` +
        `Could not add ${big}: is too big (10 MB; a photo may be at most 10 MB).\n` +
        `Could not add ${missing}: no such file.\n` +
        `Could not add ${dir}: is a directory.\n` +
        '6 of 7 files were not added.\n',
    );
    expect((await photos()).count).to.equal(1);
    expect(await listKeys()).to.have.length(2); // the image and its thumbnail, nothing else
  });

  it('when the 6-photo limit is reached part way, then the rest are refused by name and the ones that fit are kept', async () => {
    await addPhotos(api.url, user.token, await Promise.all([1, 2, 3, 4, 5].map(() => jpeg())));
    const files = [await file('six.jpg', await jpeg()), await file('seven.jpg', await jpeg()), await file('eight.jpg', await jpeg())];
    const result = await friender(['photos', 'add', ...files]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      `Added ${files[0]} as photo 6 of 6.\n` +
        `Could not add ${files[1]}: you already have 6 of 6 photos; delete one with \`friender photos rm <n>\`.\n` +
        `Could not add ${files[2]}: you already have 6 of 6 photos; delete one with \`friender photos rm <n>\`.\n` +
        '2 of 3 files were not added.\n',
    );
    expect((await photos()).count).to.equal(6);
  });

  it('when a file name has spaces, quotes and accents, then it is sent as such and refused by its reason alone', async () => {
    const odd = await file('résumé "final" copy.txt', 'not an image');
    const result = await friender(['photos', 'add', odd]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(`Could not add ${odd}: is not a JPEG, PNG or WebP image.\n1 of 1 file was not added.\n`);
  });

  it('when --json is given, then prints every stored photo with its links, what was added from which file and what failed', async () => {
    const good = await file('good.png', await png());
    const bad = await file('bad.txt', 'nope');
    const result = await friender(['photos', 'add', '--json', good, bad]);
    expect(result.code).to.equal(1);
    const out = JSON.parse(result.stdout);
    expect(out).to.have.keys('count', 'max', 'photos', 'added', 'failed');
    expect([out.count, out.max]).to.deep.equal([1, 6]);
    expect(out.photos[0]).to.include({ position: 1, contentType: 'image/png' });
    expect(out.photos[0].thumbnail).to.match(/^http:\/\/127\.0\.0\.1:\d+\//);
    expect(out.added).to.deep.equal([{ file: good, id: out.photos[0].id, position: 1 }]);
    expect(out.failed).to.deep.equal([{ file: bad, status: 415, reason: 'is not a JPEG, PNG or WebP image' }]);
  });

  it('when not logged in, then exits 3 and uploads nothing', async () => {
    const result = await friender(['photos', 'add', await file('a.jpg', await jpeg())], { store: undefined });
    expect(result.code).to.equal(3);
    expect(await listKeys()).to.deep.equal([]);
  });

  it('when no file is named, then exits 2 with usage', async () => {
    const result = await friender(['photos', 'add']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/missing required argument 'files'/);
  });
});
