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

  it('when more uploads arrive than the cap and the queue hold, the excess is refused at once with 503, Retry-After and Connection: close', () => {
    const limiter = new Limiter(1, 1);
    const leaveFirst = limiter.admit();
    limiter.admit();
    const third = (() => {
      try {
        limiter.admit();
      } catch (e) {
        return e;
      }
    })();
    expect(third).to.be.instanceOf(HttpProblem);
    expect([(third as HttpProblem).status, (third as HttpProblem).headers]).to.deep.equal([503, { 'Retry-After': '2', Connection: 'close' }]);
    leaveFirst();
    leaveFirst(); // leaving twice frees one place, not two
    expect(limiter.admit()).to.be.a('function');
    expect(() => limiter.admit()).to.throw(HttpProblem);
  });

  it('when admitted uploads process more images than the cap, then they take turns', async () => {
    const limiter = new Limiter(1, 5);
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
    const all = Promise.all([limiter.run(work), limiter.run(work), limiter.run(work)]);
    release();
    expect(await all).to.deep.equal(['done', 'done', 'done']);
    expect(peak).to.equal(1);
  });
});
