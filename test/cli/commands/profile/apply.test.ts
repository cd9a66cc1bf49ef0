import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg, png } from '../../../helpers/images.js';
import { startProxy, type Answer, type Proxy, type Seen } from '../../../helpers/proxy.js';
import { Terminal } from '../../../helpers/pty.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const unavailable: Answer = { status: 503, body: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Try again in a moment.' } };
const changing = (seen: Seen[]) => seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`);

const PROFILE = `# set up by a script
bio: New in town
hobbies: [hiking, chess]
interests: [jazz]
zipCode: "10001"
friendRadius: 25
photos:
  - "pics/*.jpg"
  - pics/b.png
`;

describe('friender profile apply: the account made to match a file, idempotently', () => {
  let api: TestApi;
  let proxy: Proxy;
  let user: TestUser;
  let dir: string;
  let images: Record<string, Buffer>;
  /** Set by a test to answer a request in the API's place (a failure half-way). */
  let inject: ((request: Seen) => Answer | undefined) | undefined;
  before(async () => {
    api = await startTestApi();
    proxy = await startProxy(api.url, async (request) => inject?.(request));
    images = { 'a.jpg': await jpeg(10, 10), 'b.png': await png(20, 10), 'c.jpg': await jpeg(30, 10), 'd.jpg': await jpeg(40, 10, '#a37'), 'e.jpeg': await jpeg(50, 10) };
  });
  after(async () => {
    await proxy.close();
    await api.close();
  });
  beforeEach(async () => {
    user = await signup(api.url);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-apply-'));
    await fs.mkdir(path.join(dir, 'pics'));
    for (const [name, bytes] of Object.entries(images)) await fs.writeFile(path.join(dir, 'pics', name), bytes);
    await fs.writeFile(path.join(dir, 'profile.yaml'), PROFILE);
    inject = undefined;
    proxy.seen.length = 0;
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(proxy.url, user), ...options, env: { FRIENDER_API_URL: proxy.url, ...options.env } });
  const apply = (...flags: string[]) => friender(['profile', 'apply', path.join(dir, 'profile.yaml'), ...flags]);
  const write = (text: string) => fs.writeFile(path.join(dir, 'profile.yaml'), text);
  const me = async () => (await call(api.url, 'GET', '/me', { token: user.token })).body;
  const photos = async () =>
    ((await call(api.url, 'GET', '/me/photos', { token: user.token })).body._embedded.photos as Array<{ id: string; sha256: string }>).map((p) => ({ id: p.id, sha256: p.sha256 }));
  const hashes = (...names: string[]) => names.map((n) => sha256(images[n]!));

  it('when applied to a fresh account, then the fields are set and the photos uploaded in the file\'s order (globs sorted, paths relative to the file)', async () => {
    const result = await apply();
    expect(result.code, result.stderr).to.equal(0);
    expect(await me()).to.include({ bio: 'New in town', zipCode: '10001', friendRadius: 25 });
    expect((await me()).hobbies).to.deep.equal(['hiking', 'chess']);
    expect((await photos()).map((p) => p.sha256)).to.deep.equal(hashes('a.jpg', 'c.jpg', 'd.jpg', 'b.png'));
    expect(result.stdout).to.include('  + upload ');
    expect(result.stderr).to.include('Saved bio, hobbies, interests, zipCode, friendRadius.\n');
    expect(result.stderr).to.match(/Added .*a\.jpg as photo 1 of 1\.\n/);
    expect(result.stderr).to.match(/Applied .*profile\.yaml\.\n$/);
    // The edit went with the version read: another terminal's edit meanwhile is not overwritten.
    const patch = proxy.seen.find((r) => r.method === 'PATCH')!;
    expect(patch.headers['if-match']).to.match(/^"\d+-[\w-]+"$/);
  });

  it('when applied again, then it sends nothing that changes anything: three GETs and exit 0', async () => {
    expect((await apply()).code).to.equal(0);
    const before = await photos();
    proxy.seen.length = 0;
    const again = await apply();
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stdout).to.match(/profile\.yaml: nothing to change; your profile and photos already match it\.\n$/);
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal(['GET /', 'GET /me', 'GET /me/photos']);
    expect(await photos()).to.deep.equal(before);
  });

  it('when one field and one photo change, then only those are sent: the kept photos are not uploaded again', async () => {
    expect((await apply()).code).to.equal(0);
    const [a, c, , b] = await photos();
    await write(PROFILE.replace('New in town', 'Board games on Sundays').replace('"pics/*.jpg"', 'pics/a.jpg\n  - pics/c.jpg\n  - pics/e.jpeg'));
    proxy.seen.length = 0;
    const result = await apply();
    expect(result.code, result.stderr).to.equal(0);
    expect((await me()).bio).to.equal('Board games on Sundays');
    const after = await photos();
    expect(after.map((p) => p.sha256)).to.deep.equal(hashes('a.jpg', 'c.jpg', 'e.jpeg', 'b.png'));
    expect([after[0], after[1], after[3]]).to.deep.equal([a, c, b]);
    // d goes, e is uploaded (last) and moved before b.
    expect(changing(proxy.seen).map((l) => l.replace(/[0-9a-f-]{36}/g, 'ID'))).to.deep.equal(['PATCH /me', 'DELETE /me/photos/ID', 'POST /me/photos', 'POST /me/photos/ID/position']);
  });

  it('when a photo is left out, then it is deleted; when the order changes, then photos are moved, never uploaded again', async () => {
    expect((await apply()).code).to.equal(0);
    const [a, c, d, b] = await photos();
    await write(PROFILE.replace('"pics/*.jpg"', 'pics/a.jpg\n  - pics/c.jpg'));
    expect((await apply()).code).to.equal(0);
    expect(await photos()).to.deep.equal([a, c, b]);
    await write(PROFILE.replace('  - "pics/*.jpg"\n  - pics/b.png\n', '  - pics/b.png\n  - pics/c.jpg\n  - pics/a.jpg\n'));
    proxy.seen.length = 0;
    const result = await apply();
    expect(result.code, result.stderr).to.equal(0);
    expect(await photos()).to.deep.equal([b, c, a]);
    expect(changing(proxy.seen).every((l) => /^POST \/me\/photos\/[0-9a-f-]{36}\/position$/.test(l))).to.equal(true);
    expect(result.stdout).to.include('  ↕ move pics/b.png: position 3 → 1\n');
    void d;
  });

  it('when --dry-run finds nothing to change, then exits 0; when it finds changes, then prints the plan, changes nothing and exits 10', async () => {
    const fresh = await apply('--dry-run');
    expect(fresh.code, fresh.stderr).to.equal(10);
    expect(fresh.stdout).to.equal(
      [
        `Plan for ${path.join(dir, 'profile.yaml')}:`,
        '  ~ bio: "" → "New in town"',
        '  ~ hobbies: [] → [hiking, chess]',
        '  ~ interests: [] → [jazz]',
        '  ~ zipCode: (none) → "10001"',
        '  ~ friendRadius: (none) → 25',
        '  + upload pics/a.jpg',
        '  + upload pics/c.jpg',
        '  + upload pics/d.jpg',
        '  + upload pics/b.png',
        '5 fields, 4 photos to upload, 0 to remove, 0 to move.',
        '',
      ].join('\n'),
    );
    expect(changing(proxy.seen)).to.deep.equal([]);
    expect(await photos()).to.deep.equal([]);
    expect((await apply()).code).to.equal(0);
    const clean = await apply('--dry-run');
    expect([clean.code, clean.stderr]).to.deep.equal([0, '']);
    await write(PROFILE.replace('friendRadius: 25', 'friendRadius: 30').replace('  - pics/b.png\n', ''));
    const json = await apply('--dry-run', '--json');
    expect(json.code).to.equal(10);
    expect(JSON.parse(json.stdout)).to.deep.equal({
      file: path.join(dir, 'profile.yaml'),
      changed: true,
      applied: false,
      fields: [{ field: 'friendRadius', from: 25, to: 30 }],
      photos: { add: [], remove: [{ file: null, id: (await photos())[3]!.id, sha256: hashes('b.png')[0], position: 4 }], move: [] },
    });
  });

  it('when an upload fails half-way, then it exits 1 saying to run again, and the next run finishes the job without uploading anything twice', async () => {
    let uploads = 0;
    inject = (r) => (r.method === 'POST' && r.url === '/me/photos' && ++uploads === 2 ? unavailable : undefined);
    const failed = await apply();
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.include('Run `friender profile apply');
    expect(failed.stderr).to.include('again to finish');
    expect((await me()).bio).to.equal('New in town');
    expect((await photos()).map((p) => p.sha256)).to.deep.equal(hashes('a.jpg', 'd.jpg', 'b.png'));
    inject = undefined;
    const rerun = await apply();
    expect(rerun.code, rerun.stderr).to.equal(0);
    expect((await photos()).map((p) => p.sha256)).to.deep.equal(hashes('a.jpg', 'c.jpg', 'd.jpg', 'b.png'));
    proxy.seen.length = 0;
    expect((await apply()).code).to.equal(0);
    expect(changing(proxy.seen)).to.deep.equal([]);
  });

  it('when the file does not list photos, then photos are left alone (and not even read)', async () => {
    expect((await apply()).code).to.equal(0);
    const before = await photos();
    await write('bio: Just words\n');
    proxy.seen.length = 0;
    const result = await apply('--json');
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({ changed: true, applied: true, fields: [{ field: 'bio', from: 'New in town', to: 'Just words' }] });
    expect(await photos()).to.deep.equal(before);
    expect(proxy.seen.map((r) => `${r.method} ${r.url}`)).to.deep.equal(['GET /', 'GET /me', 'PATCH /me']);
  });

  it('when run on a terminal, then each photo gets its own progress line as it is uploaded', async () => {
    const t = new Terminal(['profile', 'apply', path.join(dir, 'profile.yaml')], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: user.token });
    await t.waitFor(/Applied .*profile\.yaml\./);
    expect(await t.exited).to.equal(0);
    const added = t.screen().filter((line) => /Added .+ as photo \d of \d\.$/.test(line));
    expect(added.map((line) => /(\w\.\w+) as photo (\d)/.exec(line)!.slice(1).join(' '))).to.deep.equal(['a.jpg 1', 'c.jpg 2', 'd.jpg 3', 'b.png 4']);
    expect(t.raw).to.include('Uploading ');
  });
});
