import { expect } from 'chai';
import { HttpProblem } from '../../../api/http/problems.js';
import { Limiter, sniff } from '../../../api/photos/image.js';
import { html, jpeg, png, webp } from '../../helpers/images.js';

describe('photos: image checks and the processing cap', () => {
  it('when sniffing, decides by the bytes alone', async () => {
    expect([sniff(await jpeg()), sniff(await png()), sniff(await webp()), sniff(html), sniff(Buffer.alloc(0))]).to.deep.equal([
      'image/jpeg',
      'image/png',
      'image/webp',
      undefined,
      undefined,
    ]);
  });

  it('when more work arrives than the cap and the queue hold, the excess is refused with 503 and Retry-After', async () => {
    const limiter = new Limiter(1, 1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let peak = 0;
    const work = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await gate;
      running -= 1;
      return 'done';
    };
    const first = limiter.run(work);
    const second = limiter.run(work);
    const third = await limiter.run(work).catch((e: unknown) => e);
    expect(third).to.be.instanceOf(HttpProblem);
    expect((third as HttpProblem).status).to.equal(503);
    expect((third as HttpProblem).headers['Retry-After']).to.equal('2');
    release();
    expect(await Promise.all([first, second])).to.deep.equal(['done', 'done']);
    expect(peak).to.equal(1);
    expect(await limiter.run(async () => 'again')).to.equal('again');
  });
});
