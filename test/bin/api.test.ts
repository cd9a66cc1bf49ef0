import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../api/runtime/embedded.js';
import { services } from '../helpers/services.js';
import { spawnNode } from '../helpers/process.js';
import { call } from '../helpers/http.js';
import { rawRequest } from '../helpers/raw-http.js';

const JWT_SECRET = 'a-production-secret-of-at-least-32-bytes!';

function externalEnv(port: number): NodeJS.ProcessEnv {
  const s = services.get();
  return {
    PORT: String(port),
    DATABASE_URL: s.databaseUrl,
    S3_ENDPOINT: s.s3.url,
    S3_BUCKET: s.s3.bucket,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    JWT_SECRET,
  };
}

const postgresRunningIn = (dir: string) => {
  try {
    return execFileSync('pgrep', ['-f', '--', `-D ${dir}`]).toString().trim() !== '';
  } catch {
    return false;
  }
};

describe('bin/api (npm start)', () => {
  it('when a setting is invalid, exits 1 with a one-line reason and starts nothing', async () => {
    const api = spawnNode('dist/bin/api.js', [], { PORT: 'eighty' });
    expect(await api.exited).to.equal(1);
    expect(api.output().trim()).to.equal('friender-api: PORT must be a whole number, got "eighty"');
  });

  it('when the database cannot be reached, exits 1 saying so in one line', async () => {
    const port = await freePort();
    const api = spawnNode('dist/bin/api.js', [], { ...externalEnv(await freePort()), DATABASE_URL: `postgres://nobody:x@127.0.0.1:${port}/none` });
    expect(await api.exited).to.equal(1);
    expect(api.output().trim()).to.match(/^friender-api: cannot connect to the database: .*ECONNREFUSED/);
  });

  it('when the bucket does not exist, exits 1 saying so in one line', async () => {
    const api = spawnNode('dist/bin/api.js', [], { ...externalEnv(await freePort()), S3_BUCKET: 'no-such-bucket' });
    expect(await api.exited).to.equal(1);
    expect(api.output().trim()).to.equal('friender-api: S3 bucket "no-such-bucket" does not exist');
  });

  it('when the port is in use, exits 1 saying so in one line', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const api = spawnNode('dist/bin/api.js', [], externalEnv(port));
      expect(await api.exited).to.equal(1);
      expect(api.output().trim().split('\n').pop()).to.equal(`friender-api: port ${port} is already in use (set PORT to another port)`);
    } finally {
      blocker.close();
    }
  });

  it('when given a managed database and bucket, embeds nothing, serves (Node\'s parser errors as problem+json too), and stops on SIGTERM', async () => {
    const port = await freePort();
    const api = spawnNode('dist/bin/api.js', [], externalEnv(port));
    await api.waitFor(/listening on/);
    expect(api.output()).not.to.match(/embedded/);
    expect((await call(`http://127.0.0.1:${port}`, 'GET', '/')).status).to.equal(200);
    const tooLarge = await rawRequest(port, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    expect(tooLarge.status).to.equal(431);
    expect(tooLarge.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(JSON.parse(tooLarge.body)).to.include({ status: 431, type: '/problems/header-too-large' });
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
  });

  it('when started with nothing configured, runs embedded PostgreSQL and s3rver, seeds, stops both on SIGINT (and on SIGTERM with no one reading its log), and reuses the data next time', async function () {
    this.timeout(180_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'friender-start-'));
    fs.chmodSync(dataDir, 0o755);
    const env = { PORT: String(await freePort()), FRIENDER_DATA_DIR: dataDir, BCRYPT_COST: '4' };
    try {
      const first = spawnNode('dist/bin/api.js', [], env);
      await first.waitFor(/listening on/, 120_000);
      expect(first.output()).to.match(/embedded PostgreSQL ready/);
      expect(first.output()).to.match(/embedded S3 \(s3rver\)/);
      expect(fs.statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).to.equal(0o600);
      const base = `http://127.0.0.1:${env.PORT}`;
      const signup = await call(base, 'POST', '/accounts', { json: { username: 'persisted', email: 'p@example.com', password: 'password123', birthDate: '1990-05-17' } });
      expect(signup.status).to.equal(201);
      first.child.kill('SIGINT');
      expect(await first.exited).to.equal(0);
      expect(postgresRunningIn(path.join(dataDir, 'postgres'))).to.equal(false);
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).to.equal(false);

      const second = spawnNode('dist/bin/api.js', [], env);
      await second.waitFor(/listening on/, 120_000);
      expect(second.output()).not.to.match(/migrations: applied|seeders: applied/);
      // Same data and same kept JWT secret: the old token still works.
      const me = await call(base, 'GET', '/me', { token: signup.body.token });
      expect(me.body.username).to.equal('persisted');
      // Its log's reader goes away first (as `npm start | tee log` does on Ctrl-C): it still stops everything.
      second.child.stdout!.destroy();
      second.child.stderr!.destroy();
      second.child.kill('SIGTERM');
      expect(await second.exited).to.equal(0);
      expect(postgresRunningIn(path.join(dataDir, 'postgres'))).to.equal(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
