import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { answerClientErrors } from '../../../api/http/client-errors.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { expectSecurityHeaders } from '../../helpers/headers.js';
import { parseRaw, rawExchange, rawRequest, type RawReply } from '../../helpers/raw-http.js';

const expectRawProblem = (reply: RawReply, status: number, reason: string, type: string) => {
  expect(reply.status).to.equal(status);
  expect(reply.reason).to.equal(reason);
  expect(reply.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(reply.headers.connection).to.equal('close');
  expect(reply.rest, 'nothing after the body').to.equal('');
  expectSecurityHeaders((name) => reply.headers[name], `${status}`);
  const body = JSON.parse(reply.body);
  expect(Object.keys(body)).to.deep.equal(['type', 'title', 'status', 'detail']);
  expect(body).to.include({ type, status });
  expect(body.title).to.be.a('string').and.not.empty;
  expect(body.detail).to.be.a('string').and.not.empty;
};

describe('http: what Node refuses before Express sees it is problem+json too', () => {
  let api: TestApi;
  let port: number;
  before(async () => {
    api = await startTestApi();
    port = Number(new URL(api.url).port);
  });
  after(() => api.close());

  it('when the headers are larger than 16 KB, then 431 problem+json and the connection closes', async () => {
    const reply = await rawRequest(port, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`);
    expectRawProblem(reply, 431, 'Request Header Fields Too Large', '/problems/header-too-large');
    expect(JSON.parse(reply.body).detail).to.include('16 KB');
  });

  it('when the request line is garbage, then 400 problem+json and the connection closes', async () => {
    const reply = await rawRequest(port, Buffer.from([0x00, 0x16, 0x03, 0x01, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]));
    expectRawProblem(reply, 400, 'Bad Request', '/problems/bad-request');
  });

  it('when a kept-alive connection sends garbage after a good request was answered, then the garbage gets its own 400 problem+json', async () => {
    const first = parseRaw(await rawExchange(port, ['GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n', 'this is not http\r\n\r\n']));
    expect(first.status).to.equal(404);
    expectRawProblem(parseRaw(first.rest), 400, 'Bad Request', '/problems/bad-request');
  });

  it('when garbage is pipelined behind a request whose answer has begun, then that answer arrives whole and nothing is spliced after it', async () => {
    const first = await rawRequest(port, 'GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\nthis is not http\r\n\r\n');
    expect(first.status).to.equal(404);
    expect(JSON.parse(first.body)).to.include({ status: 404 });
    expect(first.rest).to.equal('');
  });

  it('when the chunk extensions are too large, then 413 problem+json, as Node would say', async () => {
    const reply = await rawRequest(
      port,
      `POST /accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1;${'x'.repeat(20 * 1024)}\r\n`,
    );
    expectRawProblem(reply, 413, 'Payload Too Large', '/problems/payload-too-large');
  });
});

describe('http: answerClientErrors on any server', () => {
  it('when a request does not arrive in time, then 408 problem+json, as Node would say', async () => {
    const server = http.createServer({ headersTimeout: 200, requestTimeout: 200, connectionsCheckingInterval: 50 }, (_req, res) => res.end());
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reply = await rawRequest((server.address() as AddressInfo).port, 'GET / HTTP/1.1\r\nHost: loc');
      expectRawProblem(reply, 408, 'Request Timeout', '/problems/request-timeout');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('when the server reads smaller headers than Node does, then the detail says its own limit', async () => {
    const server = http.createServer({ maxHeaderSize: 4096 }, (_req, res) => res.end());
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reply = await rawRequest((server.address() as AddressInfo).port, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ${'a'.repeat(5000)}\r\n\r\n`);
      expect(reply.status).to.equal(431);
      expect(JSON.parse(reply.body).detail).to.include('4 KB');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
