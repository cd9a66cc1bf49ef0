import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg, png } from '../../../helpers/images.js';
import { startProxy, type Proxy } from '../../../helpers/proxy.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender profile apply and export: the file itself', () => {
  let api: TestApi;
  let proxy: Proxy;
  let user: TestUser;
  let dir: string;
  before(async () => {
    api = await startTestApi();
    proxy = await startProxy(api.url);
  });
  after(async () => {
    await proxy.close();
    await api.close();
  });
  beforeEach(async () => {
    user = await signup(api.url);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-apply-file-'));
    await fs.writeFile(path.join(dir, 'a.jpg'), await jpeg(10, 10));
    await fs.writeFile(path.join(dir, 'b.png'), await png(20, 10));
    proxy.seen.length = 0;
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const friender = (argv: string[], options: CliOptions = {}, who = user) =>
    cli(argv, { store: storeWith(proxy.url, who), ...options, env: { FRIENDER_API_URL: proxy.url, ...options.env } });
  const file = (name: string) => path.join(dir, name);
  const photos = async (who = user) => (await call(api.url, 'GET', '/me/photos', { token: who.token })).body._embedded.photos as Array<{ id: string; sha256: string }>;

  it('when the file is invalid, then it exits 1 naming the file, line, column and field of every problem, and sends nothing that changes anything', async () => {
    await fs.writeFile(file('notes.jpg'), 'not an image at all');
    await fs.writeFile(
      file('bad.yaml'),
      [
        'bio: fine',
        'hobbies: [chess, "a tag that is far too long to be a tag here"]',
        'zipCode: 02134',
        'friendRadius: 2.5',
        'favouriteColour: green',
        'prompts:',
        '  - question: What is this?',
        '    answer: nothing',
        'photos:',
        '  - a.jpg',
        '  - notes.jpg',
        '  - missing.png',
        '  - "*.gif"',
        '  - sha256: abababababababababababababababababababababababababababababababab',
        '',
      ].join('\n'),
    );
    const result = await friender(['profile', 'apply', file('bad.yaml')]);
    expect(result.code).to.equal(1);
    const name = file('bad.yaml');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).to.equal(`${name} is not a valid profile file; nothing was changed.`);
    expect(lines.slice(1)).to.deep.equal([
      `${name}:2:18: hobbies[1]: may have at most 30 characters`,
      `${name}:3:10: zipCode: must be text, not a number (quote it: "02134")`,
      `${name}:4:15: friendRadius: must be a whole number`,
      `${name}:5:1: favouriteColour: is not a profile field (the API's edit template offers: bio, hobbies, interests, zipCode, friendRadius, minAge, maxAge, mutualRadius, readReceipts, prompts, photos)`,
      lines[5]!.startsWith(`${name}:7:15: prompts[0].question: must be one of: "A perfect Saturday is…"`) ? lines[5] : 'prompts[0].question named with its choices',
      `${name}:11:5: photos[1]: notes.jpg: is not a JPEG, PNG, WEBP image (judged by its bytes, not its name)`,
      `${name}:12:5: photos[2]: missing.png: no such file (paths are relative to the profile file's folder, ${dir})`,
      `${name}:13:5: photos[3]: *.gif: matches no file (globs are relative to the profile file's folder, ${dir})`,
      `${name}:14:5: photos[4]: no photo of yours has sha256 abababababababababababababababababababababababababababababababab; give its file to upload it`,
    ]);
    expect(proxy.seen.filter((r) => r.method !== 'GET')).to.deep.equal([]);
    expect(await photos()).to.deep.equal([]);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).body.bio).to.equal('');
  });

  it('when the file is not YAML, lists too many photos or the same photo twice, then it exits 1 and sends nothing', async () => {
    await fs.writeFile(file('broken.yaml'), 'bio: [unclosed\n');
    const broken = await friender(['profile', 'apply', file('broken.yaml')]);
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.match(new RegExp(`^${file('broken.yaml')} is not valid YAML or JSON; nothing was changed\\.\\n${file('broken.yaml')}:\\d+:\\d+: `));
    await fs.copyFile(file('a.jpg'), file('copy.jpg'));
    await fs.writeFile(file('many.json'), JSON.stringify({ photos: ['a.jpg', 'b.png', 'a.jpg', 'b.png', 'a.jpg', 'b.png', 'a.jpg'] }));
    const many = await friender(['profile', 'apply', file('many.json'), '--dry-run']);
    expect(many.code).to.equal(1);
    expect(many.stderr).to.include(`${file('many.json')}:1:11: photos: lists 7 photos; at most 6 are allowed`);
    await fs.writeFile(file('twice.yaml'), 'photos: [a.jpg, copy.jpg]\n');
    const twice = await friender(['profile', 'apply', file('twice.yaml')]);
    expect(twice.code).to.equal(1);
    expect(twice.stderr).to.include(`${file('twice.yaml')}:1:17: photos[1]: copy.jpg is the same photo as photos[0] (a.jpg)`);
    expect(proxy.seen.filter((r) => r.method !== 'GET')).to.deep.equal([]);
    const missing = await friender(['profile', 'apply', file('nope.yaml')]);
    expect([missing.code, missing.stderr]).to.deep.equal([1, `Cannot read ${file('nope.yaml')}: no such file.\n`]);
  });

  it('when exported with --photos-dir, then the file applied to a fresh account sets up the same profile and photos, and applying it again changes nothing', async () => {
    await fs.writeFile(file('me.yaml'), 'bio: Hi there\nhobbies: [go]\ninterests: [tea]\nzipCode: "10001"\nfriendRadius: 10\nprompts:\n  - question: Teach me…\n    answer: to bake\nphotos: [b.png, a.jpg]\n');
    expect((await friender(['profile', 'apply', file('me.yaml')])).code).to.equal(0);
    const mine = await photos();

    const again = await friender(['profile', 'export', '--file', file('out/profile.yaml'), '--photos-dir', file('out/pics')]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.equal(`Wrote your profile and 2 photos to ${file('out/profile.yaml')} (images in ${file('out/pics')}).\n`);
    const text = await fs.readFile(file('out/profile.yaml'), 'utf8');
    expect(text).to.match(/^# A Friender profile\. Apply it with: friender profile apply/);
    const doc = parse(text) as Record<string, unknown>;
    expect(doc).to.deep.include({ bio: 'Hi there', hobbies: ['go'], interests: ['tea'], zipCode: '10001', friendRadius: 10, prompts: [{ question: 'Teach me…', answer: 'to bake' }] });
    expect(doc).not.to.have.any.keys('email', 'birthDate');
    expect(doc.photos).to.deep.equal(mine.map((p, i) => ({ file: `pics/${i + 1}-${p.sha256.slice(0, 12)}.${i === 0 ? 'png' : 'jpg'}`, sha256: p.sha256 })));
    // The same account: recognised by the hashes, nothing to do.
    expect((await friender(['profile', 'apply', file('out/profile.yaml'), '--dry-run'])).code).to.equal(0);

    const other = await signup(api.url);
    const setUp = await friender(['profile', 'apply', file('out/profile.yaml')], {}, other);
    expect(setUp.code, setUp.stderr).to.equal(0);
    expect((await call(api.url, 'GET', '/me', { token: other.token })).body).to.deep.include({ bio: 'Hi there', zipCode: '10001', friendRadius: 10 });
    expect(await photos(other)).to.have.length(2);
    proxy.seen.length = 0;
    const noop = await friender(['profile', 'apply', file('out/profile.yaml'), '--dry-run'], {}, other);
    expect([noop.code, noop.stderr]).to.deep.equal([0, '']);
    expect(proxy.seen.map((r) => r.method)).to.deep.equal(['GET', 'GET', 'GET']);
  });

  it('when exported to stdout, then it is YAML by default and JSON with --json; without --photos-dir photos are named by their sha256', async () => {
    await fs.writeFile(file('me.yaml'), 'bio: Hello\nphotos: [a.jpg]\n');
    expect((await friender(['profile', 'apply', file('me.yaml')])).code).to.equal(0);
    const [photo] = await photos();
    const yaml = await friender(['profile', 'export']);
    expect(yaml.code, yaml.stderr).to.equal(0);
    expect(yaml.stdout).to.include('bio: Hello\n');
    expect(yaml.stdout).to.include(`photos:\n  - sha256: ${photo!.sha256}\n`);
    const json = await friender(['profile', 'export', '--json']);
    expect(JSON.parse(json.stdout)).to.deep.include({ bio: 'Hello', photos: [{ sha256: photo!.sha256 }] });
    const picked = await friender(['profile', 'export', '--json', 'bio']);
    expect(JSON.parse(picked.stdout)).to.deep.equal({ bio: 'Hello' });
  });
});
