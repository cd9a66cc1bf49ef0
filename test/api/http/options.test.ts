import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { expectSecurityHeaders } from '../../helpers/headers.js';

describe('http: OPTIONS says what a route takes', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const routes: Array<[string, string]> = [
    ['/', 'GET, HEAD, OPTIONS'],
    ['/me', 'GET, HEAD, PATCH, DELETE, OPTIONS'],
    ['/candidates/someone/like', 'POST, OPTIONS'],
    ['/matches/00000000-0000-4000-8000-000000000000/messages', 'GET, HEAD, POST, OPTIONS'],
    ['/sessions/current', 'GET, HEAD, DELETE, OPTIONS'],
  ];
  for (const [path, allow] of routes) {
    it(`when asked about ${path} without a token, then 204 with Allow: ${allow}, an empty body and the security headers`, async () => {
      const reply = await call(api.url, 'OPTIONS', path);
      expect(reply.status).to.equal(204);
      expect(reply.headers.get('allow')).to.equal(allow);
      expect(reply.text).to.equal('');
      expectSecurityHeaders((name) => reply.headers.get(name), path);
    });
  }

  it('when asked with a token that is not valid, then the same 204: OPTIONS reads no token', async () => {
    const reply = await call(api.url, 'OPTIONS', '/me', { token: 'not-a-jwt' });
    expect(reply.status).to.equal(204);
    expect(reply.headers.get('allow')).to.equal('GET, HEAD, PATCH, DELETE, OPTIONS');
  });

  it('when another method is refused with 405, then its Allow is the one OPTIONS gives', async () => {
    const reply = await call(api.url, 'PUT', '/', { json: {} });
    expect(reply.status).to.equal(405);
    expect(reply.headers.get('allow')).to.equal((await call(api.url, 'OPTIONS', '/')).headers.get('allow'));
  });

  it('when any other method comes without a token to a route that needs a login, then 401 first, as before: only OPTIONS skips it', async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']) {
      expect((await call(api.url, method, '/me')).status, method).to.equal(401);
    }
    expect((await call(api.url, 'PUT', '/candidates/someone/like', { json: {} })).status).to.equal(401);
  });

  it('when HEAD is sent where GET is allowed, then it is answered like GET, without a body', async () => {
    const reply = await call(api.url, 'HEAD', '/');
    expect(reply.status).to.equal(200);
    expect(reply.text).to.equal('');
  });

  it('when the path is unknown, then OPTIONS is still 404 problem+json', async () => {
    const reply = await call(api.url, 'OPTIONS', '/nothing/here');
    expect(reply.status).to.equal(404);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
    expect(reply.body).to.include({ type: `${api.url}/problems/not-found`, status: 404 });
  });
});
