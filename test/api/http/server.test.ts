import net from 'node:net';
import { expect } from 'chai';
import { startTestApi, testConfig, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';

const FLOOD = 2000;
const CAP = 300;

/** Opens a socket that sends half a request's headers and then nothing; resolves once connected. */
const halfHeader = (port: number, sockets: net.Socket[]) =>
  new Promise<void>((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      resolve();
    });
    socket.on('error', () => resolve());
    socket.on('data', () => {});
    sockets.push(socket);
  });

describe('server limits: a slow-header flood does not refuse everyone', () => {
  let api: TestApi;
  const sockets: net.Socket[] = [];
  before(async () => {
    api = await startTestApi({ config: { server: { ...testConfig().server, maxConnections: CAP, headersTimeoutSeconds: 1, requestTimeoutSeconds: 10, keepAliveTimeoutSeconds: 1 } } });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await api.close();
  });

  it(`when ${FLOOD} sockets each send half a header (over a cap of ${CAP}), then a whole request is still answered at once, and the slow ones are closed after the header timeout`, async function () {
    this.timeout(20_000);
    const port = Number(new URL(api.url).port);
    for (let i = 0; i < FLOOD; i += 100) await Promise.all(Array.from({ length: 100 }, () => halfHeader(port, sockets)));
    for (let i = 0; i < 5; i += 1) {
      const started = performance.now();
      const reply = await call(api.url, 'GET', '/');
      expect(reply.status).to.equal(200);
      expect(performance.now() - started).to.be.below(1000);
    }
    // The cap held: only the newest slow sockets are still open…
    const open = () => sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(open()).to.be.at.most(CAP);
    // …and the header timeout closes those too (408, connection closed).
    const started = performance.now();
    while (open() > 0 && performance.now() - started < 6000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(open()).to.equal(0);
  });
});
