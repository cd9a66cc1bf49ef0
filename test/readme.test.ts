import { readFileSync } from 'node:fs';
import { expect } from 'chai';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('when the scripting example signs someone up, then it never messages, chats with or answers that same user', () => {
    const block = /Scripting example[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(README)?.[1];
    expect(block, 'the scripting example').to.be.a('string');
    const me = /friender signup --username (\S+)/.exec(block!)?.[1];
    expect(me).to.be.a('string');
    const aimedAtSelf = block!.split('\n').filter((line) => new RegExp(`friender (send|messages|chat|like|pass|unmatch) "?${me}\\b`).test(line));
    expect(aimedAtSelf).to.deep.equal([]);
  });

  it('when it lists exit codes, then they are the CLI\'s own table', async () => {
    const { EXIT_CODES } = await import('../cli/errors.js');
    const rows = [...README.matchAll(/^\| \*\*(\d+)\*\* \|/gm)].map((m) => Number(m[1]));
    expect(rows).to.deep.equal(EXIT_CODES.map(([code]) => code));
  });
});
