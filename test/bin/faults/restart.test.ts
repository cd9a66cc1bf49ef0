import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../../api/runtime/embedded.js';
import { isAlive } from '../../../api/runtime/processes.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { postmasterPid, preparedDataDir, Started, tempDir } from '../../helpers/api-process.js';

const lines = (output: string) => output.trim().split('\n');

describe('bin/api faults: starting again after any earlier death', function () {
  this.timeout(120_000);
  const started = new Started();
  afterEach(() => started.removeFolders());

  it('when the API was killed with -9, then the next start stops the PostgreSQL it left running and serves every acknowledged write', async () => {
    const dataDir = await preparedDataDir(started);
    const first = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await first.waitFor(/listening on/);
    const sam = await signup(first.base, { username: 'sam_survives' });
    expect((await call(first.base, 'PATCH', '/me', { token: sam.token, json: { bio: 'written before the kill' } })).status).to.equal(200);

    first.child.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid(dataDir);
    expect(orphan, 'the killed API left its PostgreSQL running').to.be.a('number');

    const second = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await second.waitFor(/listening on/);
    expect(second.output()).to.include(`stopped the embedded PostgreSQL (process ${orphan}) an earlier start left running`);
    expect(isAlive(orphan!)).to.equal(false);
    const login = await call(second.base, 'POST', '/sessions', { json: { username: 'sam_survives', password: sam.password } });
    expect(login.status).to.equal(201);
    expect((await call(second.base, 'GET', '/me', { token: login.body.token })).body.bio).to.equal('written before the kill');
    second.child.kill('SIGTERM');
    expect(await second.exited).to.equal(0);
  });

  it('when another API runs on the same data folder, then a second one exits 1 with one line naming its process', async () => {
    const dataDir = await preparedDataDir(started);
    const first = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await first.waitFor(/listening on/);
    const second = await started.api({ FRIENDER_DATA_DIR: dataDir });
    expect(await second.exited).to.equal(1);
    expect(lines(second.output())).to.deep.equal([
      `friender-api: data folder ${dataDir} is already in use by process ${first.pid} (another friender API); stop it, or set FRIENDER_DATA_DIR to another folder`,
    ]);
    expect((await call(first.base, 'GET', '/')).status, 'the first one is untouched').to.equal(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);
  });

  it('when the port is taken, then it exits 1 with one line before any database is made or migrated', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const dataDir = started.folder(tempDir('friender-port-'));
      const api = await started.api({ FRIENDER_DATA_DIR: dataDir, PORT: String(port) });
      expect(await api.exited).to.equal(1);
      expect(lines(api.output())).to.deep.equal([`friender-api: port ${port} is already in use (set PORT to another port)`]);
      expect(fs.readdirSync(dataDir), 'nothing started: no cluster, no objects, no secrets, no lock').to.deep.equal([]);
    } finally {
      blocker.close();
    }
  });

  it('when FRIENDER_PG_PORT and FRIENDER_S3_PORT are set, then the embedded servers listen there, and a taken one is one line', async () => {
    const dataDir = await preparedDataDir(started);
    const [pgPort, s3Port] = [await freePort(), await freePort()];
    const api = await started.api({ FRIENDER_DATA_DIR: dataDir, FRIENDER_PG_PORT: String(pgPort), FRIENDER_S3_PORT: String(s3Port) });
    await api.waitFor(/listening on/);
    const pidFile = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
    expect(Number(pidFile[3])).to.equal(pgPort);
    expect(api.output()).to.include(`embedded S3 (s3rver) on http://127.0.0.1:${s3Port}, bucket friender-photos`);

    const otherDir = started.folder(tempDir('friender-pg-port-'));
    const clash = await started.api({ FRIENDER_DATA_DIR: otherDir, FRIENDER_PG_PORT: String(pgPort) });
    expect(await clash.exited).to.equal(1);
    expect(lines(clash.output())).to.deep.equal([`friender-api: embedded PostgreSQL did not start in ${path.join(otherDir, 'postgres')}: port ${pgPort} is already in use`]);
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });

  it('when the data folder is inside a folder only its owner may enter (root\'s 0700 home), then it starts, serves and starts again', async () => {
    // As root PostgreSQL runs as user postgres, who cannot enter such a folder; as anyone else it runs as us.
    const home = started.folder(fs.mkdtempSync(path.join(os.tmpdir(), 'friender-home-')));
    expect(fs.statSync(home).mode & 0o777).to.equal(0o700);
    const dataDir = path.join(home, '.friender');
    const first = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await first.waitFor(/listening on/, 90_000);
    const asRoot = os.userInfo().uid === 0;
    const link = path.join(dataDir, 'postgres');
    expect(fs.lstatSync(link).isSymbolicLink(), 'the cluster lives where user postgres can reach it').to.equal(asRoot);
    if (asRoot) expect(first.output()).to.include(`cannot reach ${home}: its data is in ${fs.readlinkSync(link)} (${link} links to it)`);
    expect(first.output()).not.to.match(/\n\s+at /); // no stack trace anywhere
    const ana = await signup(first.base, { username: 'ana_in_home' });
    first.child.kill('SIGTERM');
    expect(await first.exited).to.equal(0);

    const second = await started.api({ FRIENDER_DATA_DIR: dataDir });
    await second.waitFor(/listening on/);
    expect((await call(second.base, 'GET', '/me', { token: ana.token })).body.username).to.equal('ana_in_home');
    second.child.kill('SIGTERM');
    expect(await second.exited).to.equal(0);
  });
});
