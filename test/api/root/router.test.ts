import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';

describe('API root', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('when anonymous, offers self, health, signup and login', async () => {
    const reply = await call(api.url, 'GET', '/');
    expect(reply.status).to.equal(200);
    expect(reply.contentType).to.match(/^application\/hal\+json/);
    expect(Object.keys(reply.body._links)).to.deep.equal(['self', 'health', 'service-desc']);
    expect(Object.keys(reply.body._templates)).to.deep.equal(['signup', 'login']);
    const signupProps = reply.body._templates.signup.properties.map((p: { name: string }) => p.name);
    expect(signupProps).to.deep.equal(['username', 'email', 'password', 'birthDate']);
    expect(reply.body._templates.signup).to.include({ method: 'POST', target: '/accounts', contentType: 'application/json' });
  });

  it('when logged in, links to me, candidates, matches, inbox and health, and offers logout', async () => {
    const user = await signup(api.url);
    const reply = await call(api.url, 'GET', '/', { token: user.token });
    expect(reply.status).to.equal(200);
    expect(reply.body._links).to.deep.equal({ self: { href: '/' }, me: { href: '/me' }, candidates: { href: '/candidates' }, matches: { href: '/matches' }, inbox: { href: '/inbox' }, health: { href: '/health' }, 'service-desc': { href: '/openapi.json' } });
    expect(Object.keys(reply.body._templates)).to.deep.equal(['logout']);
    expect(reply.body._templates.logout).to.include({ method: 'DELETE', target: '/sessions/current' });
  });

  it('when the token is rejected, answers 401 with a login link', async () => {
    const reply = await call(api.url, 'GET', '/', { token: 'not-a-jwt' });
    expect(reply.status).to.equal(401);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
    expect(reply.body._links.login.href).to.equal('/');
  });

  it('when another method is used, answers 405 with Allow', async () => {
    const reply = await call(api.url, 'POST', '/', { json: {} });
    expect(reply.status).to.equal(405);
    expect(reply.headers.get('allow')).to.equal('GET, HEAD, OPTIONS');
    expect(reply.body).to.include({ status: 405, title: 'Method not allowed' });
  });

  it('when a path does not exist, answers 404 problem+json', async () => {
    const reply = await call(api.url, 'GET', '/nope');
    expect(reply.status).to.equal(404);
    expect(reply.body).to.include({ type: `${api.url}/problems/not-found`, status: 404 });
  });
});
