import { expect } from 'chai';
import sharp from 'sharp';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { addPhotos, signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg, png } from '../../../helpers/images.js';
import { ANSI, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender photos list', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when there are no photos, then says how to add some and prints no data', async () => {
    const result = await friender(['photos', 'list']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('No photos yet. Add some with `friender photos add <files...>`.\n');
  });

  it('when stdout is not a terminal, then prints one numbered line per photo, first one marked', async () => {
    await addPhotos(api.url, user.token, [await jpeg(640, 480), await png(30, 60)]);
    const result = await friender(['photos', 'list']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^1\. 640×480 JPEG, \d+ (B|KB) \(shown first\)\n2\. 30×60 PNG, \d+ (B|KB)\n$/);
    expect(result.stderr).to.equal('2 of 6 photos; the first is shown on your card.\n');
  });

  it('when --json is given, then prints count, max and each photo with image and thumbnail URLs that serve the pictures', async () => {
    await addPhotos(api.url, user.token, [await jpeg(1000, 500)]);
    const result = await friender(['photos', 'ls', '--json']);
    expect(result.code).to.equal(0);
    const out = JSON.parse(result.stdout);
    expect(out).to.deep.include({ count: 1, max: 6 });
    expect(out.photos[0]).to.have.keys('id', 'position', 'contentType', 'width', 'height', 'bytes', 'sha256', 'createdAt', 'image', 'thumbnail');
    const thumb = await sharp(Buffer.from(await (await fetch(out.photos[0].thumbnail)).arrayBuffer())).metadata();
    expect([thumb.format, thumb.width, thumb.height]).to.deep.equal(['jpeg', 320, 160]);
  });

  it('when on a colour terminal, then draws each thumbnail in half blocks under its caption, side by side', async () => {
    await addPhotos(api.url, user.token, [await jpeg(320, 240, '#e33'), await jpeg(240, 320, '#33e')]);
    const result = await friender(['photos', 'list'], { tty: true });
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.split('\n').map((line) => line.replace(new RegExp(ANSI.source, 'g'), ''));
    expect(lines[0]).to.match(/^1\. 320×240 JPEG, \d+ (B|KB) ★ +2\. 240×320 JPEG, \d+ (B|KB)$/);
    // 4:3 fills 28 columns; 3:4 is 14 rows tall, so 21 columns wide.
    expect(lines[1]).to.equal(`${'▄'.repeat(28)}  ${'▄'.repeat(21)}`);
    expect(lines.filter((line) => line.includes('▄'))).to.have.length(14);
  });

  it('when colour is off on a terminal, then lists lines instead of drawing', async () => {
    await addPhotos(api.url, user.token, [await jpeg()]);
    const result = await friender(['photos', 'list'], { tty: true, env: { NO_COLOR: '1' } });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^1\. 64×48 JPEG, \d+ (B|KB) \(shown first\)\n$/);
  });

  it('when not logged in, then exits 3', async () => {
    const result = await friender(['photos', 'list'], { store: undefined });
    expect(result.code).to.equal(3);
  });
});
