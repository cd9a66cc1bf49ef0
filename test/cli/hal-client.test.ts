import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { HalClient } from '../../cli/hal-client.js';
import { ApiError, AuthError, CliError, ConnectionError } from '../../cli/errors.js';

/** A stand-in server for what the real API never does (other origins, broken bodies). */
async function server(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

describe('HalClient', () => {
  const seen: Array<{ url?: string; authorization?: string; contentType?: string; body: string }> = [];
  let api: Awaited<ReturnType<typeof server>>;
  let elsewhere: Awaited<ReturnType<typeof server>>;
  const record: http.RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url, authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
      if (req.url === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
      } else if (req.url === '/slow-down') {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '7' }).end(JSON.stringify({ title: 'Too many requests', status: 429, detail: 'Wait.' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/hal+json' }).end(JSON.stringify({ _links: { self: { href: '/' }, away: { href: `${elsewhere.url}x` } } }));
      }
    });
  };
  before(async () => {
    api = await server(record);
    elsewhere = await server(record);
  });
  after(async () => {
    await api.close();
    await elsewhere.close();
  });
  beforeEach(() => seen.splice(0));

  it('when a link leads to another origin, then the token is not sent there', async () => {
    const client = new HalClient(api.url, 'secret-token');
    const root = await client.getRoot();
    await client.follow(root, 'away');
    expect(seen.map((s) => s.authorization)).to.deep.equal(['Bearer secret-token', undefined]);
  });

  it('when a template is submitted, then its method, target and JSON body are used', async () => {
    const client = new HalClient(api.url);
    await client.submit({ method: 'patch', target: '/me', contentType: 'application/json', properties: [] }, { bio: 'hi' });
    expect(seen).to.deep.equal([{ url: '/me', authorization: undefined, contentType: 'application/json', body: '{"bio":"hi"}' }]);
  });

  it('when an error is not problem+json, then it still becomes an ApiError with the status', async () => {
    const err = await new HalClient(api.url).get('/broken').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiError);
    expect((err as ApiError).message).to.equal('HTTP 500: boom');
  });

  it('when the API answers 429, then the error carries Retry-After', async () => {
    const err = (await new HalClient(api.url).get('/slow-down').catch((e: unknown) => e)) as ApiError;
    expect(err.message).to.equal('Too many requests: Wait.');
    expect(err.retryAfter).to.equal(7);
  });

  it('when a link is missing or templated, then following it fails naming the relation', async () => {
    const client = new HalClient(api.url);
    const missing = await client.follow({ _links: { self: { href: '/' } } }, 'me').catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(CliError);
    expect((missing as CliError).message).to.equal('The API offers no `me` link here.');
    const templated = await client.follow({ _links: { find: { href: '/x{?q}', templated: true } } }, 'find').catch((e: unknown) => e);
    expect((templated as CliError).message).to.match(/^The `find` link is templated/);
  });

  it('when nothing listens, then the error is a ConnectionError naming the URL', async () => {
    const err = await new HalClient('http://127.0.0.1:9/').getRoot().catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConnectionError);
    expect(err).to.not.be.instanceOf(AuthError);
    expect((err as Error).message).to.equal('Cannot reach the Friender API at http://127.0.0.1:9/ (connection refused).');
  });
});
