import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { person, signup } from '../helpers/factories.js';
import { ROOT } from '../helpers/process.js';

const BIN = path.join(ROOT, 'dist', 'bin', 'friender.js');
const TRACER = path.join(ROOT, 'dist', 'test', 'bin', 'fixtures', 'trace-imports.js');
const HEAVY = ['/node_modules/@inquirer/', '/node_modules/inquirer/', '/node_modules/terminal-image/', '/node_modules/@aws-sdk/'];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  modules: string[];
}

/** Runs the built bin/friender.js as a real process, writing down every module it resolves. */
async function traced(args: string[], env: Record<string, string>, dir: string, stdin?: string): Promise<Ran> {
  const trace = path.join(dir, `trace-${Date.now()}-${Math.random()}.txt`);
  await fs.writeFile(trace, '');
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', TRACER, BIN, ...args],
      { env: { PATH: process.env.PATH, HOME: dir, FRIENDER_CONFIG_DIR: dir, FRIENDER_TRACE_FILE: trace, ...env }, cwd: ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        fs.readFile(trace, 'utf8').then((text) => resolve({ code, stdout, stderr, modules: text.split('\n').filter(Boolean) }), reject);
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
    else child.stdin!.end();
  });
}

describe('bin/friender.js (a real process)', () => {
  let api: TestApi;
  let dir: string;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-bin-'))));
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('when run with --help, then exits 0 having loaded commander but no prompt, image or AWS module', async () => {
    const ran = await traced(['--help'], {}, dir);
    expect(ran.code).to.equal(0);
    expect(ran.stdout).to.match(/^Usage: friender/);
    expect(ran.modules.some((url) => url.includes('/node_modules/commander/'))).to.equal(true);
    expect(ran.modules.filter((url) => HEAVY.some((heavy) => url.includes(heavy)))).to.deep.equal([]);
    // --help loads no command module either: they are imported when a command runs.
    expect(ran.modules.filter((url) => url.includes('/cli/commands/'))).to.deep.equal([]);
  });

  it('when running whoami against the API, then exits 0 having loaded the HTTP client but no prompt, image or AWS module', async () => {
    const user = await signup(api.url);
    const ran = await traced(['whoami'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: user.token }, dir);
    expect(ran.stderr).to.equal('');
    expect(ran.code).to.equal(0);
    expect(ran.stdout).to.equal(`${user.username}\n`);
    expect(ran.modules.some((url) => url.includes('/node_modules/undici/'))).to.equal(true);
    expect(ran.modules.filter((url) => HEAVY.some((heavy) => url.includes(heavy)))).to.deep.equal([]);
  });

  it('when whoami uses the stored login, then it still loads no prompt, image or AWS module, and the file is mode 0600', async () => {
    const user = await signup(api.url);
    const login = await traced(['login', '--username', user.username, '--password-stdin'], { FRIENDER_API_URL: api.url }, dir, `${user.password}\n`);
    expect(login.code).to.equal(0);
    expect((await fs.stat(path.join(dir, 'config.json'))).mode & 0o777).to.equal(0o600);
    const ran = await traced(['whoami'], { FRIENDER_API_URL: api.url }, dir);
    expect(ran.code).to.equal(0);
    expect(ran.stdout).to.equal(`${user.username}\n`);
    expect(ran.modules.filter((url) => HEAVY.some((heavy) => url.includes(heavy)))).to.deep.equal([]);
  });

  it('when not logged in, then the process exits 3; when misused, 2', async () => {
    expect((await traced(['whoami'], { FRIENDER_API_URL: api.url }, dir)).code).to.equal(3);
    expect((await traced(['whoami', '--nope'], {}, dir)).code).to.equal(2);
  });

  it('when built, then dist/bin/friender.js is executable and runs by its own #! line (as npx and npm link run it)', async () => {
    expect((await fs.stat(BIN)).mode & 0o111).to.equal(0o111);
    const out = await new Promise<string>((resolve, reject) => execFile(BIN, ['--version'], { env: { PATH: process.env.PATH } }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(out).to.match(/^\d+\.\d+\.\d+\n$/);
  });

  /** Runs the bin with its stdout read by nobody: the pipe is closed before it writes, as `| head -1` does after a line. */
  function closedPipe(args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: string | null; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, HOME: dir, FRIENDER_CONFIG_DIR: dir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  }

  it('when the reader closes stdout early (`friender candidates | head -1`), then it stops quietly with exit 0, no stack trace', async () => {
    const me = await person(api.url, 'piped', { zipCode: '10001' });
    for (const name of ['pipe_a', 'pipe_b', 'pipe_c']) await person(api.url, name, { zipCode: '10002' });
    for (const args of [['candidates'], ['api', 'me'], ['--help']]) {
      const ran = await closedPipe(args, { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token });
      expect(ran, args.join(' ')).to.deep.equal({ code: 0, signal: null, stderr: '' });
    }
  });

  it('when a prompt would be needed but stdin is a pipe, then it asks nothing and exits 2', async () => {
    const ran = await traced(['login'], { FRIENDER_API_URL: api.url }, dir);
    expect(ran.code).to.equal(2);
    expect(ran.modules.filter((url) => url.includes('/node_modules/@inquirer/'))).to.deep.equal([]);
  });
});
