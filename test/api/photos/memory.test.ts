import http from 'node:http';
import { expect } from 'chai';
import { startTestApi, testConfig, type TestApi } from '../../helpers/api.js';
import { signup } from '../../helpers/factories.js';
import { noisyJpeg } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';

const UPLOADS = 80;
const MB = 1024 * 1024;

/** One upload over a plain socket, sending the same Buffer every time (no client-side copies). */
function post(url: string, token: string, body: Buffer, contentType: string): Promise<{ status: number; retryAfter?: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(`${url}/me/photos`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': body.length } });
    req.on('response', (res) => {
      // The answer counts when it arrives, even if the server then closes on the rest of the body.
      resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], ms: performance.now() - started });
      res.resume();
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

describe('photos: memory is bounded by PHOTO_CONCURRENCY and PHOTO_QUEUE, not by the uploads in flight', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ config: { photos: { ...testConfig().photos, concurrency: 1, queue: 2 } } });
  });
  after(() => api.close());

  it(`when ${UPLOADS} uploads of ~3 MB arrive at once with room for 3, the rest get 503 with Retry-After at once, their bodies unread, and memory grows by far less than their sum`, async function () {
    this.timeout(60_000);
    const photo = await noisyJpeg(3);
    const { body, contentType } = multipart([{ filename: 'big.jpg', data: photo }]);
    const tokens = await Promise.all(Array.from({ length: UPLOADS }, async () => (await signup(api.url)).token));
    // Warmed up first (image library, buffers, heap), so what is measured is what the burst adds.
    const warm = await Promise.all(tokens.slice(0, 3).map((token) => post(api.url, token, body, contentType)));
    expect(warm.map((r) => r.status)).to.deep.equal([201, 201, 201]);
    const before = process.memoryUsage.rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
    const replies = await Promise.all(tokens.map((token) => post(api.url, token, body, contentType)));
    clearInterval(sampler);

    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 503);
    expect(created.length + refused.length, JSON.stringify(replies.filter((r) => r.status !== 201 && r.status !== 503))).to.equal(UPLOADS);
    expect(created.length).to.be.at.least(3);
    expect(refused.length).to.be.at.least(UPLOADS / 2);
    expect(new Set(refused.map((r) => r.retryAfter))).to.deep.equal(new Set(['2']));
    // Refused before their bodies were read: faster than the admitted ones could be processed.
    expect(Math.max(...refused.map((r) => r.ms))).to.be.below(Math.min(...created.map((r) => r.ms)) + 2000);
    // Buffered whole, as before, the bodies alone were 80 × 3 MB (twice that while being joined).
    // Bounded, it is the image work of 3 at a time: ~45 MB here, up to ~130 on a busy machine
    // (libvips' thread arenas), so the bar is the bodies' sum, which only unbounded reading reaches.
    expect((peak - before) / MB).to.be.below((UPLOADS * body.length) / MB);
  });
});
