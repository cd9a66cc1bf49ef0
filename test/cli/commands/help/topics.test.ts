import { expect } from 'chai';
import { cli } from '../../helpers/harness.js';

describe('friender help', () => {
  it('when asked for a command, then prints that command\'s help on stdout and exits 0', async () => {
    const result = await cli(['help', 'swipe']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.match(/^Usage: friender swipe \[options\]\n/);
    expect(result.stdout).to.equal((await cli(['swipe', '--help'])).stdout);
  });

  it('when asked for a subcommand or an alias, then prints its help', async () => {
    expect((await cli(['help', 'photos', 'add'])).stdout).to.match(/^Usage: friender photos add \[options\] <files\.\.\.>/);
    expect((await cli(['help', 'photos', 'ls'])).stdout).to.match(/^Usage: friender photos list/);
  });

  it('when asked for nothing, then prints the program\'s help on stdout and exits 0', async () => {
    const result = await cli(['help']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Usage: friender \[options\] \[command\]/);
  });

  it('when asked for the environment, then lists every variable the CLI reads', async () => {
    const result = await cli(['help', 'environment']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Environment variables the friender CLI reads:\n\n/);
    const names = result.stdout.split('\n').map((line) => /^ {2}([A-Z_]+) /.exec(line)?.[1]).filter(Boolean);
    expect(names).to.deep.equal(['FRIENDER_API_URL', 'FRIENDER_TOKEN', 'FRIENDER_CONFIG_DIR', 'FRIENDER_DEBUG', 'FRIENDER_QUIET', 'FRIENDER_NOTIFY', 'NO_COLOR', 'CLICOLOR', 'CLICOLOR_FORCE', 'FORCE_COLOR', 'TERM']);
    expect(result.stdout).to.include('Variables win over settings (`friender config`): --quiet/--no-quiet, then FRIENDER_QUIET, then `quiet`, then the default.\n');
  });

  it('when asked for the exit codes, then prints the table', async () => {
    const result = await cli(['help', 'exit-codes']);
    expect(result.code).to.equal(0);
    expect(result.stdout.split('\n').filter((l) => /^ {2}\d/.test(l)).map((l) => l.trim().split(/ +/)[0])).to.deep.equal(['0', '1', '2', '3', '4', '10', '130']);
  });

  it('when the word is neither a command nor a topic, then exits 2 naming the topics', async () => {
    const result = await cli(['help', 'swiping']);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('No help for "swiping": it is neither a command nor a topic.\nTopics: environment, exit-codes. Commands: see `friender --help`.\n');
  });
});
