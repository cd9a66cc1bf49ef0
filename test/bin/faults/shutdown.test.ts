import http from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { services } from '../../helpers/services.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';
import { matchedPair, Started, type ApiProcess } from '../../helpers/api-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API against the shared test database and bucket: nothing embedded, so it starts in a moment. */
function externalEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const s = services.get();
  return {
    DATABASE_URL: s.databaseUrl, S3_ENDPOINT: s.s3.url, S3_BUCKET: s.s3.bucket, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
    JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!', ...extra,
  };
}

/**
 * A photo upload whose body arrives slowly: the first half now, the rest when `finish()` is called.
 * Resolves with the status and body once the server answers, or the error if it cuts the connection.
 */
async function slowUpload(api: ApiProcess, token: string) {
  const { body, contentType } = multipart([{ filename: 'slow.jpg', data: await jpeg(640, 480) }]);
  const req = http.request(`${api.base}/me/photos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': body.length, accept: 'application/hal+json' },
  });
  const answered = new Promise<{ status: number; text: string } | Error>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', resolve);
  });
  const half = Math.floor(body.length / 2);
  req.write(body.subarray(0, half));
  await sleep(200); // the request is in flight at the server
  return { answered, finish: () => req.end(body.subarray(half)) };
}

describe('bin/api faults: graceful shutdown', function () {
  this.timeout(60_000);
  const started = new Started();
  afterEach(() => started.killAll());

  it('when SIGTERM arrives during a held long-poll, then the poll answers at once with an empty page and next, and the API exits 0', async () => {
    const api = await started.api(externalEnv());
    await api.waitFor(/listening on/);
    const { a, matchId } = await matchedPair(api.base, 'drainpoll');
    const polling = call(api.base, 'GET', `/matches/${matchId}/messages?after=0&wait=30`, { token: a.token });
    await sleep(500);
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    const reply = await polling;
    const waited = Date.now() - signalledAt;
    expect(reply.status).to.equal(200);
    expect(reply.body.count).to.equal(0);
    expect(reply.body._links.next.href).to.equal(`/matches/${matchId}/messages?after=0`);
    expect(reply.headers.get('connection')).to.equal('close');
    expect(waited, 'answered at once, not after its 30 s wait').to.be.lessThan(1_000);
    expect(await api.exited).to.equal(0);
    expect(api.output()).to.match(/SIGTERM: stopping \(requests in flight get up to 10 s\)\n.*stopped\n$/);
  });

  it('when SIGTERM arrives during a slow upload, then no new connection is taken, the upload completes, and the API exits 0 after it', async () => {
    const api = await started.api(externalEnv());
    await api.waitFor(/listening on/);
    const sam = await signup(api.base, { username: 'slow_uploader' });
    const upload = await slowUpload(api, sam.token);
    api.child.kill('SIGTERM');
    await api.waitFor(/SIGTERM: stopping/);
    const refused = await new Promise((resolve) => net.connect(api.port, '127.0.0.1').on('connect', () => resolve('connected')).on('error', (err: NodeJS.ErrnoException) => resolve(err.code)));
    expect(refused, 'the port is closed to new connections').to.equal('ECONNREFUSED');
    await sleep(500);
    expect(api.child.exitCode, 'still running for the upload').to.equal(null);
    upload.finish();
    const answer = await upload.answered;
    expect(answer).not.to.be.instanceOf(Error);
    expect((answer as { status: number }).status).to.equal(201);
    expect(await api.exited).to.equal(0);
    const [row] = await services.get().sequelize.query<{ n: string }>(`SELECT count(*) AS n FROM photos p JOIN users u ON u.id = p.user_id WHERE u.username = 'slow_uploader'`, { type: 'SELECT' as never });
    expect(Number(row!.n), 'the photo acknowledged during shutdown is stored').to.equal(1);
  });

  it('when a request outlives SHUTDOWN_GRACE_SECONDS, then it is cut, the API exits 0 on time, and nothing is logged against the closed pool', async () => {
    const api = await started.api(externalEnv({ SHUTDOWN_GRACE_SECONDS: '1' }));
    await api.waitFor(/listening on/);
    const sam = await signup(api.base, { username: 'never_finishes' });
    const upload = await slowUpload(api, sam.token);
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
    expect(Date.now() - signalledAt).to.be.within(900, 4_000);
    expect(await upload.answered).to.be.instanceOf(Error);
    expect(api.output()).to.include('requests still in flight after 1 s were cut');
    expect(api.output()).not.to.match(/failed:|ConnectionManager|\n\s+at /);
  });

  it('when a second SIGTERM arrives during the grace period, then the requests still in flight are cut at once and the API exits 0', async () => {
    const api = await started.api(externalEnv());
    await api.waitFor(/listening on/);
    const sam = await signup(api.base, { username: 'cut_short' });
    const upload = await slowUpload(api, sam.token);
    api.child.kill('SIGTERM');
    await api.waitFor(/SIGTERM: stopping \(requests in flight get up to 10 s\)/);
    const againAt = Date.now();
    api.child.kill('SIGTERM');
    expect(await api.exited).to.equal(0);
    expect(Date.now() - againAt, 'cut at once, not after the 10 s grace').to.be.lessThan(3_000);
    expect(await upload.answered).to.be.instanceOf(Error);
    expect(api.output()).to.include('SIGTERM again: cutting the requests still in flight');
    expect(api.output()).not.to.match(/failed:|ConnectionManager|\n\s+at /);
  });
});
