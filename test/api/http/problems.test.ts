import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';

describe('http: every error is problem+json', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const expectProblem = (reply: Awaited<ReturnType<typeof call>>, status: number, type: string) => {
    expect(reply.status).to.equal(status);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
    expect(reply.body).to.include({ status, type });
    expect(reply.body.title).to.be.a('string').and.not.empty;
    expect(reply.body.detail).to.be.a('string').and.not.empty;
  };

  it('when the JSON is malformed, answers 400', async () => {
    expectProblem(await call(api.url, 'POST', '/accounts', { body: '{"username": ', headers: { 'content-type': 'application/json' } }), 400, `${api.url}/problems/malformed-json`);
  });

  it('when the body is over the limit, answers 413', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(64 * 1024) });
    expectProblem(await call(api.url, 'POST', '/accounts', { body: big, headers: { 'content-type': 'application/json' } }), 413, `${api.url}/problems/payload-too-large`);
  });

  it('when the body is JSON but not an object, answers 422', async () => {
    expectProblem(await call(api.url, 'POST', '/accounts', { json: ['a'] }), 422, `${api.url}/problems/validation`);
  });

  it('when the body is sent as form data, answers 415', async () => {
    expectProblem(
      await call(api.url, 'POST', '/sessions', { body: 'username=a&password=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
      `${api.url}/problems/unsupported-media-type`,
    );
  });

  it('when the JSON has an unsupported charset, answers 415', async () => {
    expectProblem(await call(api.url, 'POST', '/sessions', { body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } }), 415, `${api.url}/problems/unsupported-media-type`);
  });

  it('when the method is not allowed on a resource, answers 405 with Allow', async () => {
    const user = await signup(api.url);
    const reply = await call(api.url, 'PUT', '/me', { token: user.token, json: {} });
    expectProblem(reply, 405, `${api.url}/problems/method-not-allowed`);
    expect(reply.headers.get('allow')).to.equal('GET, HEAD, PATCH, DELETE, OPTIONS');
    expectProblem(await call(api.url, 'GET', '/accounts'), 405, `${api.url}/problems/method-not-allowed`);
    expectProblem(await call(api.url, 'GET', '/sessions'), 405, `${api.url}/problems/method-not-allowed`);
  });

  it('when the path is unknown, answers 404 with a way back to the root', async () => {
    const reply = await call(api.url, 'GET', '/users/1');
    expectProblem(reply, 404, `${api.url}/problems/not-found`);
    expect(reply.body._links.root.href).to.equal('/');
  });

  it('when the path is malformed, answers 4xx, never 500', async () => {
    const reply = await call(api.url, 'GET', '/%E0%A4%A');
    expect(reply.status).to.be.within(400, 499);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
  });
});

describe('http: the problem renderer', () => {
  it('when the database reports a deadlock or a serialization failure, then 503 with Retry-After 1, logged as a warning', async () => {
    const { default: express } = await import('express');
    const { problemRenderer } = await import('../../../api/http/errors.js');
    const warnings: string[] = [];
    const logger = { error: () => {}, info: () => {}, warn: (line: string) => warnings.push(line) };
    for (const code of ['40P01', '40001']) {
      const app = express();
      app.get('/', () => {
        throw Object.assign(new Error('deadlock detected'), { name: 'SequelizeDatabaseError', original: { code } });
      });
      app.use(problemRenderer(logger, '64kb'));
      const server = app.listen(0);
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const reply = await call(`http://127.0.0.1:${(server.address() as { port: number }).port}`, 'GET', '/');
        expect(reply.status, code).to.equal(503);
        expect(reply.headers.get('retry-after')).to.equal('1');
        expect(reply.body.title).to.equal('Busy');
      } finally {
        server.close();
      }
    }
    expect(warnings).to.have.length(2);
  });
});
