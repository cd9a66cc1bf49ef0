import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import type { TestUser } from '../../../helpers/factories.js';
import { ROOT } from '../../../helpers/process.js';
import { cli } from '../../helpers/harness.js';
import { matchedAna } from '../../helpers/matched.js';

const run = promisify(execFile);

function has(shell: string): boolean {
  try {
    execFileSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('friender completion', () => {
  let api: TestApi;
  let ana: TestUser;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    api = await startTestApi();
    // The scripts call `friender` on the PATH, as an installed one would be.
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-completion-'));
    await fs.mkdir(path.join(dir, 'bin'));
    await fs.writeFile(path.join(dir, 'bin', 'friender'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist', 'bin', 'friender.js')}" "$@"\n`, { mode: 0o755 });
    await fs.writeFile(path.join(dir, 'body.json'), '{}');
  });
  after(async () => {
    await api.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    ana = await matchedAna(api.url);
    env = { PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, FRIENDER_CONFIG_DIR: path.join(dir, 'config'), FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token };
  });

  async function script(shell: string): Promise<string> {
    const result = await cli(['completion', shell]);
    expect([result.code, result.stderr]).to.deep.equal([0, '']);
    const file = path.join(dir, `friender.${shell}`);
    await fs.writeFile(file, result.stdout);
    return file;
  }

  /** What bash offers for the line typed so far (the cursor at its end), as `complete -F` would call it. */
  async function bash(line: string, extra: NodeJS.ProcessEnv = {}): Promise<string[]> {
    const file = await script('bash');
    const program = `source "${file}"
COMP_LINE=$LINE; COMP_POINT=\${#LINE}
read -r -a COMP_WORDS <<<"$LINE"; [[ $LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_friender_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await run('bash', ['-c', program], { env: { ...env, ...extra, LINE: line }, cwd: dir });
    return stdout.split('\n').filter(Boolean);
  }

  it('when bash completes commands, subcommands (aliases too), flags and choices, then it offers those of the command tree', async () => {
    expect(await bash('friender pho')).to.deep.equal(['photos']);
    expect(await bash('friender photos ')).to.deep.equal(['add', 'list', 'rm', 'move']);
    expect(await bash('friender photos ls --j')).to.deep.equal(['--json', '--jq']);
    expect(await bash('friender candidates --l')).to.deep.equal(['--limit']);
    expect(await bash('friender api me -')).to.include.members(['-X', '--method', '-f', '--field', '--input', '-i', '--paginate', '--api']);
    expect(await bash('friender completion ')).to.deep.equal(['bash', 'zsh', 'fish']);
    expect(await bash('friender __')).to.deep.equal([]); // the hidden command stays hidden
    expect(await bash('friender --jq .x cand')).to.deep.equal(['candidates']); // a flag's value is not a command
  });

  it('when bash completes `config`, then it offers its subcommands, the setting keys and their values', async () => {
    expect(await bash('friender config ')).to.deep.equal(['get', 'set', 'list']);
    expect(await bash('friender config get ')).to.deep.equal(['quiet', 'notify']);
    expect(await bash('friender config set q')).to.deep.equal(['quiet']);
    expect(await bash('friender config set notify o')).to.deep.equal(['osc9', 'osc777']);
    expect(await bash('friender config set quiet t')).to.deep.equal(['true']);
  });

  it('when bash completes a username, then it offers candidates or matches fetched from the API', async () => {
    expect(await bash('friender like ')).to.deep.equal(['ben']);
    expect(await bash('friender pass b')).to.deep.equal(['ben']);
    expect((await bash('friender messages ')).sort()).to.deep.equal(['cleo', 'dan']);
    expect(await bash('friender send c')).to.deep.equal(['cleo']);
    expect(await bash('friender unmatch --yes d')).to.deep.equal(['dan']);
    expect(await bash('friender chat dan ')).to.deep.equal([]); // it takes one
    expect(await bash('friender send dan ')).to.deep.equal([]); // the text is the user's
  });

  it('when the line names an --api, then the usernames come from that API', async () => {
    const elsewhere = { FRIENDER_API_URL: 'http://127.0.0.1:9' };
    expect(await bash('friender like ', elsewhere)).to.deep.equal([]);
    expect(await bash(`friender --api ${api.url} like `, elsewhere)).to.deep.equal(['ben']);
    expect(await bash(`friender --api=${api.url} like `, elsewhere)).to.deep.equal(['ben']);
  });

  it('when bash completes a file argument, then it offers files', async () => {
    expect(await bash('friender photos add bo')).to.deep.equal(['body.json']);
    expect(await bash('friender api me --input bo')).to.deep.equal(['body.json']);
  });

  it('when the bash script is sourced, then `complete -p` shows it registered for friender', async () => {
    const file = await script('bash');
    const { stdout } = await run('bash', ['-c', `source "${file}"; complete -p friender`], { env });
    expect(stdout).to.equal('complete -F _friender_complete friender\n');
  });

  it('when zsh completes, then it offers commands and usernames as bash does (checked where zsh is installed)', async () => {
    const file = await script('zsh');
    const text = await fs.readFile(file, 'utf8');
    expect(text.split('\n')[0]).to.equal('#compdef friender');
    expect(text).to.include('compdef _friender_complete friender');
    if (!has('zsh')) {
      console.log('      (zsh is not installed here: its script was generated but not run)');
      return;
    }
    await run('zsh', ['-n', file]);
    // compadd and _files exist only inside zsh's completion system: stand-ins print what they are given.
    const zsh = async (...typed: string[]) => {
      const program = `compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; _files() { print FILES; }
source "${file}"; words=(${typed.map((w) => `'${w}'`).join(' ')}); CURRENT=\${#words}; PREFIX=\${words[CURRENT]}; _friender_complete`;
      return (await run('zsh', ['-c', program], { env })).stdout.split('\n').filter(Boolean);
    };
    expect(await zsh('friender', 'photos', '')).to.deep.equal(['add', 'list', 'rm', 'move']);
    expect(await zsh('friender', 'like', '')).to.deep.equal(['ben']);
    expect((await zsh('friender', '--api', api.url, 'messages', '')).sort()).to.deep.equal(['cleo', 'dan']);
    expect(await zsh('friender', 'photos', 'ls', '--')).to.include.members(['--json', '--jq', '--help']);
    expect(await zsh('friender', 'photos', 'add', '')).to.deep.equal(['FILES']);
  });

  it('when fish completes, then it offers commands and usernames as bash does (checked where fish is installed)', async () => {
    const file = await script('fish');
    const text = await fs.readFile(file, 'utf8');
    expect(text).to.include("complete -c friender -f -a '(__friender_complete)'");
    if (!has('fish')) {
      console.log('      (fish is not installed here: its script was generated but not run)');
      return;
    }
    await run('fish', ['-n', file]);
    const fish = async (line: string) => (await run('fish', ['-c', `source "${file}"; complete -C '${line}'`], { env })).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    expect(await fish('friender photos ')).to.deep.equal(['add', 'list', 'move', 'rm'].sort());
    expect(await fish('friender like ')).to.deep.equal(['ben']);
    expect(await fish(`friender --api ${api.url} messages `)).to.deep.equal(['cleo', 'dan']);
    expect(await fish('friender photos ls --j')).to.deep.equal(['--jq', '--json']);
    expect(await fish('friender completion ')).to.deep.equal(['bash', 'fish', 'zsh']);
  });
});
