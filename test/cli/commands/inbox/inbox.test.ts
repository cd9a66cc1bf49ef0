import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createConfStore } from '../../../../cli/conf-store.js';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { ROOT } from '../../../helpers/process.js';
import { KEY, Terminal } from '../../../helpers/pty.js';
import { cli, storeWith } from '../../helpers/harness.js';
import { until } from '../../../helpers/until.js';

/** The built CLI as a child process, its stdout read line by line (for commands that run until stopped). */
function running(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bin', 'friender.js'), ...args], { env: { PATH: process.env.PATH, ...env } });
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exited };
}

describe('friender inbox and watch, against the API', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  const matchOf: Record<string, string> = {};
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  afterEach(() => terminal?.kill());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
    for (const other of [ben, cleo]) {
      await answer(api.url, ana, other.username, 'like');
      matchOf[other.username] = (await answer(api.url, other, 'ana', 'like')).body._links.match.href;
    }
  });
  const env = () => ({ FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token });
  const say = (from: TestUser, to: string, body: string) => call(api.url, 'POST', `${matchOf[to === 'ana' ? from.username : to]}/messages`, { token: from.token, json: { body } });

  // A quiet chat with ben: cleo's message rings no bell and shows no notice, yet ben's marker after it arrives.
  async function expectQuiet(quiet: Terminal, fromCleo: string): Promise<void> {
    await quiet.waitFor(/^> $/m);
    await new Promise((resolve) => setTimeout(resolve, 500)); // its events poll is held by now
    await say(cleo, 'ana', fromCleo);
    await say(ben, 'ana', 'marker');
    await quiet.waitFor(/ben: marker/);
    expect(quiet.raw).to.not.include('\u0007');
    expect(quiet.screen().join('\n')).to.not.include('✉');
    quiet.press(KEY.ctrlC);
    expect(await quiet.exited).to.equal(0);
  }

  it('when listed, then conversations come unread first, then newest, one line each; --json has the fields the README lists', async () => {
    await say(ben, 'ana', 'hi ana');
    await say(ana, 'cleo', 'hello cleo'); // the newest activity, but nothing unread
    const text = await cli(['inbox'], { store: storeWith(api.url, ana), env: { FRIENDER_API_URL: api.url, NO_COLOR: '1' } });
    expect(text.code, text.stderr).to.equal(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^ben, \d+ +1 unread +ben: hi ana {2}now$/);
    expect(lines[1]).to.match(/^cleo, \d+ +ana: hello cleo {2}now$/);
    const json = JSON.parse((await cli(['inbox', '--json'], { env: env() })).stdout);
    expect(json.count).to.equal(2);
    expect(json.conversations.map((c: { username: string; unread: number }) => [c.username, c.unread])).to.deep.equal([['ben', 1], ['cleo', 0]]);
    expect(Object.keys(json.conversations[0])).to.deep.equal(['id', 'username', 'age', 'unread', 'lastMessage', 'lastActivityAt', 'thumbnail']);
    const limited = JSON.parse((await cli(['inbox', '--json', '--limit', '1'], { env: env() })).stdout);
    expect(limited.conversations.map((c: { username: string }) => c.username)).to.deep.equal(['cleo']);
  });

  it('when watching, then each message, read receipt and unmatch is one NDJSON line as it happens, and SIGTERM then Ctrl-C end it with 0', async () => {
    const watch = running(['watch', '--json'], env());
    try {
      const seen = () => `stdout: ${watch.lines.join('\n')}\nstderr: ${watch.stderr()}`;
      await until(() => watch.stderr().includes('Watching'), { timeoutMs: 10_000, intervalMs: 20, what: seen });
      await say(ben, 'ana', 'hi from ben');
      await say(ana, 'ben', 'hi back');
      await until(() => watch.lines.length === 2, { timeoutMs: 10_000, intervalMs: 20, what: seen });
      await call(api.url, 'GET', `${matchOf.ben}/messages`, { token: ben.token }); // ben reads ana's message
      await until(() => watch.lines.length === 3, { timeoutMs: 10_000, intervalMs: 20, what: seen });
      await call(api.url, 'DELETE', matchOf.cleo!, { token: cleo.token });
      await until(() => watch.lines.length === 4, { timeoutMs: 10_000, intervalMs: 20, what: seen });
      const events = watch.lines.map((l) => JSON.parse(l));
      expect(events.map((e) => [e.type, e.username, e.message?.body ?? null, e.message?.mine ?? null])).to.deep.equal([
        ['message', 'ben', 'hi from ben', false],
        ['message', 'ben', 'hi back', true],
        ['read', 'ben', null, null],
        ['unmatch', 'cleo', null, null],
      ]);
      expect(events[2].readUpTo).to.equal(events[1].message.id);
      expect(events.map((e) => e.seq)).to.deep.equal([...events.map((e) => e.seq)].sort((a, b) => a - b));
      watch.child.kill('SIGTERM');
      expect(await watch.exited).to.equal(0);
    } finally {
      watch.child.kill();
    }
    const again = running(['watch'], env());
    await until(() => again.stderr().includes('Watching'), { timeoutMs: 10_000, intervalMs: 20 });
    again.child.kill('SIGINT');
    expect(await again.exited).to.equal(0);
  });

  it('when the inbox is open on a terminal, then a new message shows live, Enter opens that chat, and leaving it comes back to the inbox', async () => {
    await say(ana, 'cleo', 'hello cleo');
    const t = (terminal = new Terminal(['inbox'], env()));
    await t.waitFor(/Friender · inbox/);
    await t.waitFor(/› cleo, \d+ .*ana: hello cleo/);
    await say(ben, 'ana', 'are you around?');
    // Unread first: ben moves above cleo, and the selection stays with cleo.
    await t.waitFor(/^ {2}ben, \d+ +1 unread +ben: are you around\?.*\n› cleo/m);
    t.press(KEY.up);
    await t.waitFor(/› ben/);
    t.press(KEY.down);
    await t.waitFor(/› cleo/);
    t.press(KEY.up);
    await t.waitFor(/› ben/);
    t.press('\r');
    await t.waitFor(/Chat with ben/);
    await t.waitFor(/ben: are you around\?/);
    t.press('yes!\r');
    await t.waitFor(/ana: yes!/);
    t.press('/quit\r');
    await t.waitFor(/Friender · inbox/);
    await t.waitFor(/› ben, \d+ +ana: yes!/); // read now, and the last message is ana's
    t.press('q');
    expect(await t.exited).to.equal(0);
  });

  it('when read receipts are turned off with profile edit, then the profile says so and the other side sees no readUpTo', async () => {
    const off = await cli(['profile', 'edit', '--no-read-receipts', '--json', 'readReceipts'], { env: env() });
    expect([off.code, JSON.parse(off.stdout)]).to.deep.equal([0, { readReceipts: false }]);
    await say(ben, 'ana', 'hi');
    await call(api.url, 'GET', `${matchOf.ben}/messages`, { token: ana.token });
    expect((await call(api.url, 'GET', `${matchOf.ben}/messages`, { token: ben.token })).body).to.not.have.property('readUpTo');
    const on = await cli(['profile', 'edit', '--read-receipts', '--json', 'readReceipts'], { env: env() });
    expect(JSON.parse(on.stdout)).to.deep.equal({ readReceipts: true });
  });

  it('when chatting, then a message from someone else rings the bell with a notice (OSC 9 when asked) and `seen` shows once they read yours; --quiet rings nothing', async () => {
    const t = (terminal = new Terminal(['chat', 'ben'], { ...env(), FRIENDER_NOTIFY: 'osc9' }));
    await t.waitFor(/^> $/m);
    t.press('coffee?\r');
    await t.waitFor(/ana: coffee\?/);
    await call(api.url, 'GET', `${matchOf.ben}/messages`, { token: ben.token });
    await t.waitFor(/ana: coffee\?\n +seen/);
    await say(cleo, 'ana', 'psst, it is cleo');
    await t.waitFor(/✉ cleo: psst, it is cleo/);
    expect(t.raw).to.include('\u0007\u001b]9;Friender: cleo: psst, it is cleo\u0007');
    await say(ben, 'ana', 'sure');
    await t.waitFor(/ben: sure/);
    expect(t.raw.split('\u0007\u001b]9;').length - 1, 'ben is on screen: no bell for him').to.equal(1);
    t.press('/quit\r');
    expect(await t.exited).to.equal(0);

    const quiet = (terminal = new Terminal(['chat', 'ben', '--quiet'], env()));
    await expectQuiet(quiet, 'again');
  });

  it('when quiet is stored with `friender config set`, then chat rings nothing for someone else\'s message, and --no-quiet rings it again', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-settings-'));
    try {
      expect((await cli(['config', 'set', 'quiet', 'true'], { store: createConfStore(dir) })).code).to.equal(0);
      const quiet = (terminal = new Terminal(['chat', 'ben'], { ...env(), FRIENDER_CONFIG_DIR: dir }));
      await expectQuiet(quiet, 'are you there?');

      const loud = (terminal = new Terminal(['chat', 'ben', '--no-quiet'], { ...env(), FRIENDER_CONFIG_DIR: dir }));
      await loud.waitFor(/^> $/m);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await say(cleo, 'ana', 'hello?');
      await loud.waitFor(/✉ cleo: hello\?/);
      expect(loud.raw).to.include('\u0007');
      loud.press(KEY.ctrlC);
      expect(await loud.exited).to.equal(0);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

