import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { cli } from './helpers/harness.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('friender (the program)', () => {
  it('when run with --help, then prints usage, every command, examples and the exit codes on stdout and exits 0', async () => {
    const result = await cli(['--help']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.match(/^Usage: friender \[options\] \[command\]/);
    for (const command of ['signup', 'login', 'logout', 'whoami', 'profile', 'photos', 'swipe', 'candidates', 'like <username>', 'pass <username>', 'matches', 'unmatch', 'inbox', 'watch', 'account', 'api [options] <rel-or-path>', 'auth', 'help [command...]']) {
      expect(result.stdout).to.include(`\n  ${command}`);
    }
    for (const option of ['--api <url>', '--json', '--no-color', '--debug', '--version', '--help']) expect(result.stdout).to.include(option);
    expect(result.stdout).to.include('Examples:\n  $ friender signup');
    expect(result.stdout).to.include('\nExit codes:\n  0    ok (also when a reader such as `head` closes the output early)\n  1    failure');
    expect(result.stdout.split('Exit codes:\n')[1]!.split('\n').filter((l) => /^ {2}\d/.test(l)).map((l) => l.trim().split(/ +/)[0])).to.deep.equal(['0', '1', '2', '3', '4', '10', '130']);
  });

  const commands = [['signup'], ['login'], ['logout'], ['whoami'], ['profile'], ['profile', 'show'], ['profile', 'edit'], ['profile', 'export'], ['profile', 'apply'], ['account'], ['account', 'delete'], ['api'], ['photos'], ['photos', 'add'], ['photos', 'list'], ['photos', 'rm'], ['photos', 'move'], ['swipe'], ['candidates'], ['like'], ['pass'], ['matches'], ['unmatch'], ['inbox'], ['watch'], ['chat'], ['messages'], ['send'], ['completion'], ['auth'], ['auth', 'status'], ['auth', 'token'], ['reports'], ['reports', 'resolve'], ['help']];
  for (const command of commands) {
    it(`when run as \`${command.join(' ')} --help\`, then shows an example of that command`, async () => {
      const result = await cli([...command, '--help']);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(new RegExp(`\\nExamples?:\\n  \\$ friender ${command.join(' ')}`));
    });
  }

  it('when run with --version, then prints the package version', async () => {
    const result = await cli(['--version']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal(`${version}\n`);
  });

  it('when run without a command, then shows the help on stdout and exits 0, as `friender help` does', async () => {
    const result = await cli([]);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.match(/^Usage: friender \[options\] \[command\]/);
    expect(result.stdout).to.equal((await cli(['--help'])).stdout);
  });

  it('when given an unknown command, then exits 2 saying so', async () => {
    const result = await cli(['swipe-all']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("error: unknown command 'swipe-all'");
  });

  it('when given an unknown option, then exits 2 saying so', async () => {
    const result = await cli(['whoami', '--password', 'hunter2']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("error: unknown option '--password'");
  });

  it('when `profile` is given no subcommand, then shows its help and exits 2', async () => {
    const result = await cli(['profile']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(/^Usage: friender profile/);
  });

  it('when --api is not a URL, then exits 2 naming --api', async () => {
    const result = await cli(['whoami', '--api', 'localhost'], { env: { FRIENDER_TOKEN: 'x' } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('--api: "localhost" is not a URL (for example http://localhost:3000).\n');
  });

  it('when the API is not running, then exits 1 with one line naming its URL', async () => {
    const result = await cli(['whoami'], { env: { FRIENDER_API_URL: 'http://127.0.0.1:9', FRIENDER_TOKEN: 'x' } });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      'Cannot reach the Friender API at http://127.0.0.1:9/ (connection refused).\nIs it running? Point the CLI elsewhere with --api <url> or FRIENDER_API_URL.\n',
    );
  });
});
