import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { preparedDataDir, Started } from '../../helpers/api-process.js';

const lines = (output: string) => output.trim().split('\n');

describe('bin/api faults: the secrets file', function () {
  this.timeout(120_000);
  const started = new Started();
  afterEach(() => started.removeFolders());

  /** A started install with one account in it, stopped cleanly. */
  async function installWithAccount(username: string) {
    const dataDir = await preparedDataDir(started);
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await api.waitFor(/listening on/);
    const user = await signup(api.base, { username });
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
    return { dataDir, user, secrets: path.join(dataDir, 'secrets.json') };
  }

  it('when the secrets file is deleted, then the next start sets PostgreSQL\'s password anew and serves the same data; old logins end', async () => {
    const { dataDir, user, secrets } = await installWithAccount('kept_after_loss');
    fs.rmSync(secrets);
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await api.waitFor(/listening on/);
    expect(api.output()).to.include('embedded PostgreSQL: its password did not match the secrets file (lost or replaced); set it anew, data kept');
    expect(fs.statSync(secrets).mode & 0o777).to.equal(0o600);
    expect((await call(api.base, 'GET', '/me', { token: user.token })).status, 'a token signed with the lost key').to.equal(401);
    const login = await call(api.base, 'POST', '/sessions', { json: { username: 'kept_after_loss', password: user.password } });
    expect(login.status).to.equal(201);
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });

  it('when the secrets file is damaged, then it is kept aside, new secrets are made, and the data is served', async () => {
    const { dataDir, user, secrets } = await installWithAccount('kept_after_damage');
    fs.writeFileSync(secrets, '{"jwtSecret": "cut off in the midd');
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await api.waitFor(/listening on/);
    const damaged = fs.readdirSync(dataDir).filter((name) => name.startsWith('secrets.json.damaged-'));
    expect(damaged).to.have.length(1);
    expect(fs.readFileSync(path.join(dataDir, damaged[0]!), 'utf8')).to.equal('{"jwtSecret": "cut off in the midd');
    expect(api.output()).to.include(`${secrets} was damaged (it is not JSON): kept it as ${damaged[0]} and made new secrets; the data is kept, everyone logs in again`);
    expect((await call(api.base, 'POST', '/sessions', { json: { username: 'kept_after_damage', password: user.password } })).status).to.equal(201);
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });

  it('when the secrets file holds an empty jwtSecret, then start-up refuses in one line that says how to recover', async () => {
    const dataDir = await preparedDataDir(started);
    const secrets = path.join(dataDir, 'secrets.json');
    const kept = JSON.parse(fs.readFileSync(secrets, 'utf8')) as Record<string, string>;
    fs.writeFileSync(secrets, JSON.stringify({ ...kept, jwtSecret: '' }));
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir });
    expect(await api.exited).to.equal(1);
    expect(lines(api.output())).to.deep.equal([
      `friender-api: ${secrets}: jwtSecret is empty, at least 32 bytes needed; delete the file to have new secrets made (the data is kept; everyone logs in again)`,
    ]);
  });

  it('when JWT_SECRET is short or set but empty, then start-up refuses in one line', async () => {
    for (const [value, reason] of [['short-secret', 'JWT_SECRET must be at least 32 bytes long'], ['', 'JWT_SECRET is set but empty; it must be at least 32 bytes long']]) {
      const api = await started.api({ JWT_SECRET: value });
      expect(await api.exited).to.equal(1);
      expect(lines(api.output())).to.deep.equal([`friender-api: ${reason}`]);
    }
  });
});
