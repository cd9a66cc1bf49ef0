import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { ROOT } from '../../../helpers/process.js';
import { KEY, Terminal } from '../../../helpers/pty.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';
import { until } from '../../../helpers/until.js';

describe('friender chat, messages and send', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let messages: string;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  afterEach(() => terminal?.kill());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    messages = `${(await answer(api.url, ben, 'ana', 'like')).body._links.match.href}/messages`;
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const say = (who: TestUser, body: string) => call(api.url, 'POST', messages, { token: who.token, json: { body } });
  const stored = async () => (await call(api.url, 'GET', messages, { token: ben.token })).body._embedded.messages.map((m: { from: string; body: string }) => `${m.from}: ${m.body}`);

  it('when sending text or stdin (Windows line endings too), then the match receives it', async () => {
    expect((await friender(['send', 'ben', 'hi ben'])).code).to.equal(0);
    const piped = await friender(['send', 'ben', '-', '--json'], { stdin: 'two\r\nlines\r\n' });
    expect(piped.code).to.equal(0);
    expect(JSON.parse(piped.stdout)).to.deep.include({ from: 'ana', body: 'two\nlines', mine: true });
    expect(await stored()).to.deep.equal(['ana: hi ben', 'ana: two\nlines']);
  });

  it('when the message is empty or over-long, then both fail the same way: exit 1, nothing sent, the reason on stderr', async () => {
    const empty = await friender(['send', 'ben', '-'], { stdin: '  \n' });
    expect([empty.code, empty.stderr]).to.deep.equal([1, 'Nothing to send: the message is empty.\nFor example: friender send sam "hi!" or echo hi | friender send sam -\n']);
    const long = await friender(['send', 'ben', 'x'.repeat(2001)]);
    expect(long.code).to.equal(1);
    expect(long.stderr).to.match(/^Invalid input: .*\n {2}body: .*2000.*\n$/);
    expect(await stored()).to.deep.equal([]);
  });

  it('when reading messages, then prints them oldest first, or as JSON; unknown matches exit 1', async () => {
    await say(ben, 'hello');
    await say(ana, 'hi!\nhow are you?');
    const text = await friender(['messages', 'ben'], { env: { NO_COLOR: '1' } });
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/^\[\d\d:\d\d\] ben: hello\n\[\d\d:\d\d\] ana: hi!\n {8}how are you\?\n$/);
    const json = JSON.parse((await friender(['messages', 'ben', '--json'])).stdout);
    expect(json.messages.map((m: { body: string; mine: boolean }) => [m.body, m.mine])).to.deep.equal([['hello', false], ['hi!\nhow are you?', true]]);
    const none = await friender(['messages', 'nobody']);
    expect([none.code, none.stderr]).to.deep.equal([1, 'You have no match with nobody.\nSee your matches with `friender matches`.\n']);
  });

  it('when watching with --json, then prints each new message as one JSON line as it arrives', async () => {
    await say(ben, 'before');
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bin', 'friender.js'), 'messages', 'ben', '--watch', '--json'], {
      env: { PATH: process.env.PATH, FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token },
    });
    const lines: string[] = [];
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
    });
    try {
      await until(() => lines.length === 1, { timeoutMs: 8000, intervalMs: 20 });
      await until(() => api.notifier.waiting() === 1, { timeoutMs: 8000, intervalMs: 20 });
      const started = Date.now();
      await say(ben, 'live one');
      await until(() => lines.length === 2, { timeoutMs: 8000, intervalMs: 20 });
      expect(Date.now() - started).to.be.lessThan(2000);
      expect(lines.map((l) => JSON.parse(l).body)).to.deep.equal(['before', 'live one']);
    } finally {
      child.kill();
    }
    await until(() => api.notifier.waiting() === 0, { timeoutMs: 8000, intervalMs: 20 }); // its poll was dropped with it
  });

  it('when chatting in a terminal, then history shows, a typed line (edited with arrows) is sent, the other side appears while it is open, and ↑ recalls what was sent', async () => {
    await say(ben, 'hey ana');
    const t = (terminal = new Terminal(['chat', 'ben'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t.waitFor(/ben: hey ana/);
    await t.waitFor(/^> $/m);
    t.press(`cofee on saturday?${KEY.left.repeat(15)}`);
    await t.waitFor(/^> cofee on saturday\?$/m);
    await t.waitForCursor(38, 5);
    t.press('f'); // fixing the typo in the middle of the line
    await t.waitFor(/^> coffee on saturday\?$/m);
    t.press('\r');
    await t.waitFor(/ana: coffee on saturday\?/);
    expect(await stored()).to.deep.equal(['ben: hey ana', 'ana: coffee on saturday?']);
    await say(ben, 'yes! 10am?');
    const screen = await t.waitFor(/ben: yes! 10am\?/);
    expect(screen).to.match(/^> $/m);
    t.press(KEY.up); // the line sent before comes back to be edited
    await t.waitFor(/^> coffee on saturday\?$/m);
    t.press(`${KEY.ctrlW}sunday?${KEY.ctrlA}`);
    await t.waitFor(/^> coffee on sunday\?$/m);
    await t.waitForCursor(38, 2);
    t.press(`${KEY.ctrlK}/quit\r`); // Ctrl-K empties the line from the cursor on
    expect(await t.exited).to.equal(0);
    expect(await stored(), 'the edited line was never sent').to.have.length(3);
  });

  it('when several lines are pasted, then they stay one message with its line breaks until Enter is pressed', async () => {
    const t = (terminal = new Terminal(['chat', 'ben'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t.waitFor(/^> $/m);
    expect(t.raw, 'bracketed paste is switched on').to.include('\u001b[?2004h');
    t.press('\u001b[200~shopping list:\r\n- tea\r- scones\u001b[201~');
    await t.waitFor(/^> shopping list:↵- tea↵- scones$/m);
    expect(await stored(), 'nothing is sent by the pasted line breaks').to.deep.equal([]);
    t.press('\r');
    await t.waitFor(/ana: shopping list:\n.*- tea\n.*- scones\n[\s\S]*^> $/m);
    t.press('日本 ok');
    await t.waitFor(/^> 日本 ok$/m);
    await t.waitForCursor(38, 2 + 7); // wide characters take two columns
    t.press(`${KEY.ctrlA}${KEY.ctrlK}/quit\r`);
    expect(await t.exited).to.equal(0);
    expect(t.raw, 'and switched off again').to.include('\u001b[?2004l');
    expect(await stored()).to.deep.equal(['ana: shopping list:\n- tea\n- scones']);
  });

  it('when PgUp is pressed, then older lines scroll into view, earlier pages load at the top, and PgDn returns', async () => {
    for (let i = 1; i <= 60; i += 1) await say(i % 2 ? ben : ana, `line ${i}`);
    const t = (terminal = new Terminal(['chat', 'ben'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }, { rows: 20 }));
    await t.waitFor(/line 60\n/);
    expect(t.screen().join('\n')).to.not.include('line 44');
    t.press(KEY.pageUp);
    await t.waitFor(/scrolled back · PgDn for newer/);
    expect(t.screen().join('\n')).to.include('line 44');
    // The first 10 are on the earlier page, loaded on reaching the top.
    for (let i = 0; i < 10 && !/ ben: line 1\n/.test(t.screen().join('\n')); i += 1) {
      t.press(KEY.pageUp);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await t.waitFor(/ ben: line 1\n/);
    await say(ben, 'line 61');
    t.press(KEY.pageDown.repeat(10));
    await t.waitFor(/line 61\n/);
    expect(t.screen().join('\n')).to.include('PgUp scrolls back');
    t.press(KEY.ctrlC);
    expect(await t.exited).to.equal(0);
  });

  it('when the match ends while the chat is open, then it says so and exits 1; Ctrl-C leaves cleanly', async () => {
    const t = (terminal = new Terminal(['chat', 'ben'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t.waitFor(/Chat with ben/);
    await until(() => api.notifier.waiting() >= 1, { timeoutMs: 8000, intervalMs: 20 }); // its messages poll (and the events poll for the bell)
    await call(api.url, 'DELETE', messages.replace(/\/messages$/, ''), { token: ben.token });
    expect(await t.exited).to.equal(1);
    expect(t.raw).to.include('The match with ben has ended.');

    const other = await person(api.url, 'cleo', { zipCode: '10002' });
    await answer(api.url, other, 'ana', 'like');
    await answer(api.url, ana, 'cleo', 'like');
    const t2 = (terminal = new Terminal(['chat', 'cleo'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t2.waitFor(/Chat with cleo/);
    t2.press(KEY.ctrlC);
    expect(await t2.exited).to.equal(0);
  });

  it('when stdin is not a terminal, then chat refuses with exit 2 and points to messages --watch and send', async () => {
    const result = await friender(['chat', 'ben']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('friender messages <username> --watch --json');
  });

  it('when TERM=dumb, then chat refuses in one line naming messages --watch and send, exit 2, without touching the screen', async () => {
    const result = await friender(['chat', 'ben'], { tty: true, env: { TERM: 'dumb' } });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('`friender chat` needs a terminal that can redraw the screen (TERM=dumb cannot); use `friender messages ben --watch` and `friender send ben <text>`.\n');
  });

  it('when there are unread messages, then matches shows how many and the last message, cut to one line', async () => {
    await say(ben, 'one');
    await say(ben, 'two');
    expect((await friender(['matches'])).stdout).to.match(/^ben, .* {3}2 unread {3}ben: two$/m);
    await say(ben, 'a very long message that goes on and on well past forty characters');
    expect((await friender(['matches'])).stdout).to.match(/^ben, .* {3}3 unread {3}ben: a very long message that goes on and on…$/m);
  });
});

