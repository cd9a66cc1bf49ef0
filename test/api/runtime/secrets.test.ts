import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadOrCreateSecrets } from '../../../api/runtime/secrets.js';
import { StartError } from '../../../api/runtime/lock.js';
import { tempDir } from '../../helpers/api-process.js';

describe('runtime/secrets: generated once, never a lock-out, never short', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = tempDir('friender-secrets-');
    file = path.join(dir, 'secrets.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when there is no file, then makes long random secrets in one of mode 0600, and reads the same ones next time', async () => {
    const made = await loadOrCreateSecrets(dir);
    expect(Buffer.byteLength(made.jwtSecret)).to.be.at.least(32);
    expect(made.postgresPassword.length).to.be.at.least(16);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(await loadOrCreateSecrets(dir)).to.deep.equal(made);
    expect(fs.readdirSync(dir)).to.deep.equal(['secrets.json']);
  });

  for (const [what, text, reason] of [
    ['empty (a write cut off by a full disk)', '', 'it is empty'],
    ['not JSON', '{"jwtSecret":', 'it is not JSON'],
    ['missing a secret', JSON.stringify({ jwtSecret: 'x'.repeat(40) }), 'postgresPassword missing'],
    ['a list', '[]', 'jwtSecret and postgresPassword missing'],
  ]) {
    it(`when the file is ${what}, then keeps it aside, makes new secrets and says so in one line`, async () => {
      fs.writeFileSync(file, text!);
      const lines: string[] = [];
      const made = await loadOrCreateSecrets(dir, (line) => lines.push(line));
      const kept = fs.readdirSync(dir).filter((name) => name.startsWith('secrets.json.damaged-'));
      expect(kept).to.have.length(1);
      expect(fs.readFileSync(path.join(dir, kept[0]!), 'utf8')).to.equal(text);
      expect(lines).to.deep.equal([`${file} was damaged (${reason}): kept it as ${kept[0]} and made new secrets; the data is kept, everyone logs in again`]);
      expect(await loadOrCreateSecrets(dir)).to.deep.equal(made);
    });
  }

  for (const [key, value, said] of [
    ['jwtSecret', '', 'empty, at least 32 bytes needed'],
    ['jwtSecret', '  short  ', '5 bytes, at least 32 bytes needed'],
    ['postgresPassword', 'pw', '2 bytes, at least 16 bytes needed'],
  ]) {
    it(`when ${key} is ${JSON.stringify(value)}, then refuses in one line that says how to recover, and changes nothing`, async () => {
      const text = JSON.stringify({ jwtSecret: 'j'.repeat(40), postgresPassword: 'p'.repeat(32), [key!]: value });
      fs.writeFileSync(file, text);
      const err = await loadOrCreateSecrets(dir).then(() => undefined, (e: Error) => e);
      expect(err).to.be.instanceOf(StartError);
      expect(err!.message).to.equal(`${file}: ${key} is ${said}; delete the file to have new secrets made (the data is kept; everyone logs in again)`);
      expect(fs.readFileSync(file, 'utf8')).to.equal(text);
    });
  }
});
