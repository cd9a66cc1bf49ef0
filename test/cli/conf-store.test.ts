import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createConfStore } from '../../cli/conf-store.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { signup } from '../helpers/factories.js';
import { apiRoot, cli } from './helpers/harness.js';

describe('the login and settings store (conf on disk)', () => {
  let api: TestApi;
  let dir: string;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-conf-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('when a login is saved, then the file is mode 0600 and holds the token under the API URL only', async () => {
    const user = await signup(api.url);
    const store = createConfStore(dir);
    const result = await cli(['login', '--username', user.username, '--password-stdin'], { stdin: `${user.password}\n`, store, env: { FRIENDER_API_URL: api.url } });
    expect(result.code).to.equal(0);
    const file = path.join(dir, 'config.json');
    expect(store.path).to.equal(file);
    expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(Object.keys(saved.logins)).to.deep.equal([apiRoot(api.url)]);
    expect(saved.logins[apiRoot(api.url)]).to.include({ username: user.username });
    expect(createConfStore(dir).getLogin(apiRoot(api.url))!.token).to.be.a('string');
  });

  it('when a file already exists with a looser mode, then saving tightens it to 0600', async () => {
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, '{"logins":{}}', { mode: 0o644 });
    await fs.chmod(file, 0o644);
    createConfStore(dir).setLogin('http://localhost:3000/', { username: 'sam', token: 't', savedAt: 'now' });
    expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
  });

  it('when a login is deleted, then only that API loses it', async () => {
    const store = createConfStore(dir);
    store.setLogin('http://a.example/', { username: 'a', token: 'ta', savedAt: 'now' });
    store.setLogin('http://b.example/', { username: 'b', token: 'tb', savedAt: 'now' });
    store.deleteLogin('http://a.example/');
    const again = createConfStore(dir);
    expect(again.getLogin('http://a.example/')).to.equal(undefined);
    expect(again.getLogin('http://b.example/')!.username).to.equal('b');
  });

  it('when settings are set through the CLI, then they are in the same 0600 file, beside the logins, and a new store reads them', async () => {
    const store = createConfStore(dir);
    store.setLogin('http://a.example/', { username: 'a', token: 'ta', savedAt: 'now' });
    expect((await cli(['config', 'set', 'quiet', 'true'], { store })).code).to.equal(0);
    expect((await cli(['config', 'set', 'notify', 'osc9'], { store })).code).to.equal(0);
    const file = path.join(dir, 'config.json');
    expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
    const saved = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(saved.settings).to.deep.equal({ quiet: true, notify: 'osc9' });
    expect(Object.keys(saved.logins)).to.deep.equal(['http://a.example/']);
    const list = await cli(['config', 'list'], { store: createConfStore(dir) });
    expect(list.stdout).to.equal('quiet=true\nnotify=osc9\n');
  });

  it('when the file holds a setting edited by hand to a value it does not take, then it counts as unset', async () => {
    const file = path.join(dir, 'config.json');
    await fs.writeFile(file, JSON.stringify({ logins: {}, settings: { quiet: 'yes', notify: 'OSC9' } }), { mode: 0o600 });
    const store = createConfStore(dir);
    expect([store.getSetting('quiet'), store.getSetting('notify')]).to.deep.equal([undefined, undefined]);
    const list = await cli(['config', 'list', '--json', 'key,value,source'], { store });
    expect(JSON.parse(list.stdout)).to.deep.equal([{ key: 'quiet', value: false, source: 'default' }, { key: 'notify', value: 'bell', source: 'default' }]);
  });

  it('when a file from before settings is opened, then it is left as it was', async () => {
    const file = path.join(dir, 'config.json');
    const before = JSON.stringify({ logins: { 'http://a.example/': { username: 'a', token: 'ta', savedAt: 'now' } } });
    await fs.writeFile(file, before, { mode: 0o600 });
    expect(createConfStore(dir).getSetting('quiet')).to.equal(undefined);
    expect(await fs.readFile(file, 'utf8')).to.equal(before);
  });
});
