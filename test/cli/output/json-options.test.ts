import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { JSON_SHAPES } from '../../../cli/output/json-fields.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { ROOT } from '../../helpers/process.js';
import { cli, storeWith, type CliOptions } from '../helpers/harness.js';
import { until } from '../../helpers/until.js';


describe('--json [fields] and --jq on every command', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const matchUp = async () => {
    await answer(api.url, ana, 'ben', 'like');
    return `${(await answer(api.url, ben, 'ana', 'like')).body._links.match.href}/messages`;
  };

  it('when a list command gets `--json a,b`, then prints an array of its records with those fields', async () => {
    const result = await friender(['candidates', '--json', 'username,distance']);
    expect(result.code, result.stderr).to.equal(0);
    const [only] = JSON.parse(result.stdout);
    expect(Object.keys(only)).to.deep.equal(['username', 'distance']);
    expect(only.username).to.equal('ben');
  });

  it('when --json comes before the command or before a username, then it is a bare --json and the word stays an argument', async () => {
    const before = await friender(['--json', 'whoami']);
    expect(before.code, before.stderr).to.equal(0);
    expect(JSON.parse(before.stdout)).to.include({ username: 'ana', tokenSource: 'store' });
    const like = await friender(['like', '--json', 'ben']);
    expect(like.code, like.stderr).to.equal(4);
    expect(JSON.parse(like.stdout)).to.deep.equal({ username: 'ben', answer: 'like', matched: false });
    const equals = await friender(['whoami', '--json=username']);
    expect(JSON.parse(equals.stdout)).to.deep.equal({ username: 'ana' });
  });

  it('when a field is unknown, then exits 2 listing the valid ones, and the command does nothing', async () => {
    const result = await friender(['like', 'ben', '--json', 'usernme']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('--json: unknown field "usernme".\nAvailable fields: username, answer, matched, match.\n');
    const answered = await call(api.url, 'POST', '/candidates/ben/pass', { token: ana.token });
    expect(answered.status).to.equal(201); // no like was sent, so a pass is still a first answer
  });

  it('when --jq does not parse, then exits 2 before the command runs; a command without JSON refuses fields and --jq', async () => {
    const bad = await friender(['like', 'ben', '--jq', '.[']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^--jq: syntax error, unexpected end of file/);
    expect((await call(api.url, 'POST', '/candidates/ben/pass', { token: ana.token })).status).to.equal(201);
    const swipe = await friender(['swipe', '--jq', '.']);
    expect([swipe.code, swipe.stderr]).to.deep.equal([2, '`friender swipe` prints no JSON, so it takes no --json fields or --jq.\n']);
  });

  it('when --jq is given alone, then it filters the JSON the command would print (strings bare)', async () => {
    const result = await friender(['profile', 'show', '--jq', '.hobbies[]']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('hiking\nboard games\n');
  });

  it('when watching messages with a field list or --jq, then each NDJSON line is filtered on its own', async () => {
    const messages = await matchUp();
    await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'before' } });
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'bin', 'friender.js'), 'messages', 'ben', '--watch', '--json', 'from,body', '--jq', 'select(.from == "ben")'], {
      env: { PATH: process.env.PATH, FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await until(() => stdout.split('\n').length === 2, { timeoutMs: 15_000, intervalMs: 20 });
      await until(() => api.notifier.waiting() === 1, { timeoutMs: 8000, intervalMs: 20 });
      await call(api.url, 'POST', messages, { token: ana.token, json: { body: 'mine, filtered out' } });
      await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'live one' } });
      await until(() => stdout.split('\n').length === 3, { timeoutMs: 8000, intervalMs: 20 });
      expect(stdout).to.equal('{"from":"ben","body":"before"}\n{"from":"ben","body":"live one"}\n');
    } finally {
      child.kill();
    }
  });

  it('when each command prints its full --json, then its fields are the ones it declares (and the README lists)', async () => {
    const messages = await matchUp();
    await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'hi' } });
    await person(api.url, 'cleo', { zipCode: '10003' });
    const keys = async (argv: string[], list?: string) => {
      const result = await friender([...argv, '--json']);
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).to.be.oneOf([0, 4]);
      const out = JSON.parse(result.stdout);
      return Object.keys(list ? out[list][0] : out);
    };
    expect(await keys(['whoami'])).to.deep.equal(JSON_SHAPES.whoami!.fields);
    expect(await keys(['profile', 'show'])).to.deep.equal(JSON_SHAPES['profile show']!.fields);
    expect(await keys(['candidates'], 'candidates')).to.deep.equal(JSON_SHAPES.candidates!.fields);
    expect(await keys(['matches'], 'matches')).to.deep.equal(JSON_SHAPES.matches!.fields);
    expect(await keys(['messages', 'ben'], 'messages')).to.deep.equal(JSON_SHAPES.messages!.fields);
    expect(await keys(['send', 'ben', 'hello'])).to.deep.equal(JSON_SHAPES.send!.fields);
    expect(await keys(['pass', 'cleo'])).to.deep.equal(['username', 'answer', 'matched']); // `match` only when one was made
    expect(await keys(['unmatch', 'ben', '--yes'])).to.deep.equal(JSON_SHAPES.unmatch!.fields);
  });
});
