import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { PROBLEM_TYPES } from '../../../api/http/problem-types.js';
import { rawRequest } from '../../helpers/raw-http.js';

/** fetch will not send a Host of our choosing; a plain socket will. */
const typeWithHost = async (api: TestApi, host: string) => {
  const reply = await rawRequest(Number(new URL(api.url).port), `GET /nope HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  expect(reply.status).to.equal(404);
  return JSON.parse(reply.body).type as string;
};

describe('problems: every problem type is a URI under the API that explains it', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('when a problem is sent, then its type is an absolute URI built from the request\'s own origin', async () => {
    const reply = await call(api.url, 'GET', '/nope');
    expect(reply.body.type).to.equal(`${api.url}/problems/not-found`);
    expect(await typeWithHost(api, 'friender.example:8443')).to.equal('http://friender.example:8443/problems/not-found');
  });

  it('when the Host header is not a host, then the type falls back to a path', async () => {
    expect(await typeWithHost(api, 'evil.example/phish?')).to.equal('/problems/not-found');
  });

  it('when a problem type is followed, then it answers a short HTML page with a CSP that allows nothing', async () => {
    const type = (await call(api.url, 'GET', '/nope')).body.type as string;
    const res = await fetch(type);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).to.equal("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('vary')).to.equal('Accept');
    const html = await res.text();
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.include('<h1>Not found</h1>');
    expect(html).to.include('HTTP 404.');
    expect(html).not.to.match(/<script|<style|style=/i);
  });

  it('when text/plain is asked for, then the page is plain text', async () => {
    const res = await fetch(`${api.url}/problems/validation`, { headers: { accept: 'text/plain' } });
    expect(res.headers.get('content-type')).to.equal('text/plain; charset=utf-8');
    expect(await res.text()).to.equal(`Invalid input (HTTP 422)\n\n${PROBLEM_TYPES.validation.about}\n`);
  });

  it('when every known problem type is followed, then each answers 200 with its own title', async () => {
    for (const [slug, { title }] of Object.entries(PROBLEM_TYPES)) {
      const res = await fetch(`${api.url}/problems/${slug}`);
      expect(res.status, slug).to.equal(200);
      expect(await res.text(), slug).to.include(`<h1>${title.replace(/'/g, '&#39;')}</h1>`);
    }
  });

  it('when the problem type is unknown, then 404 problem+json', async () => {
    const reply = await call(api.url, 'GET', '/problems/nonsense');
    expect(reply.status).to.equal(404);
    expect(reply.body).to.include({ type: `${api.url}/problems/not-found`, detail: 'There is no such kind of problem.' });
  });

  it('when only JSON is acceptable, then 406 problem+json naming what the page is offered as', async () => {
    const reply = await call(api.url, 'GET', '/problems/validation', { headers: { accept: 'application/json' } });
    expect(reply.status).to.equal(406);
    expect(reply.contentType).to.match(/^application\/problem\+json/);
    expect(reply.body).to.include({ type: `${api.url}/problems/not-acceptable`, detail: 'This resource can be sent as text/html, text/plain; the Accept header allows none of them.' });
  });
});

describe('problems: behind a trusted proxy', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { trustProxy: 1 } })));
  after(() => api.close());

  it('when the proxy says https and its host, then the type is under that origin', async () => {
    const reply = await call(api.url, 'GET', '/nope', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.friender.example' } });
    expect(reply.body.type).to.equal('https://api.friender.example/problems/not-found');
  });
});

describe('problems: with no proxy trusted', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('when a client writes X-Forwarded-Proto and -Host itself, then they are ignored', async () => {
    const reply = await call(api.url, 'GET', '/nope', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' } });
    expect(reply.body.type).to.equal(`${api.url}/problems/not-found`);
  });
});
