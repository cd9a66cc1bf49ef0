import { expect } from 'chai';
import ExifReader from 'exifreader';
import sharp from 'sharp';
import { HttpProblem } from '../../../api/http/problems.js';
import { processImage, thumbnailSize, type ImageLimits } from '../../../api/photos/image.js';
import { halves, jpeg, jpegClaiming, phoneJpeg } from '../../helpers/images.js';

const LIMITS: ImageLimits = { maxPixels: 40_000_000, maxSide: 2048, thumbnailSide: 320 };
// Small sides, so a test photo of a few hundred pixels is already 3× them: libjpeg then decodes it shrunk.
const SMALL: ImageLimits = { maxPixels: 40_000_000, maxSide: 256, thumbnailSide: 32 };

const refusal = async (work: Promise<unknown>): Promise<HttpProblem> => {
  try {
    await work;
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  throw new Error('was not refused');
};
const size = async (bytes: Buffer) => {
  const meta = await sharp(bytes).metadata();
  return [meta.width, meta.height];
};
/** The colour at a fraction of the width and height, as 'red', 'blue' or the RGB values. */
async function colourAt(bytes: Buffer, fx: number, fy: number): Promise<string> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.floor(fy * (info.height - 1)) * info.width + Math.floor(fx * (info.width - 1))) * info.channels;
  const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
  return r > 150 && b < 70 ? 'red' : b > 150 && r < 70 ? 'blue' : `${r},${g},${b}`;
}

describe('photos: one decode per upload, with the same limits and results', () => {
  it('when a JPEG header claims 8000×6000 (48 MP), it is refused with 422 from the header, although libjpeg could decode it at 1/8 scale', async () => {
    const started = performance.now();
    const problem = await refusal(processImage('wide.jpg', await jpegClaiming(8000, 6000), LIMITS));
    expect([problem.status, problem.errors]).to.deep.equal([422, [{ field: 'photo', message: 'wide.jpg is 8000×6000; at most 40 megapixels are accepted' }]]);
    expect(performance.now() - started).to.be.below(500);
  });

  it('when a real JPEG is over the pixel limit but small once shrunk on load, the limit still counts the pixels it has, not the ones decoded', async () => {
    const photo = await jpeg(1600, 1200);
    const problem = await refusal(processImage('big.jpg', photo, { ...SMALL, maxPixels: 1_000_000 }));
    expect([problem.status, problem.errors]).to.deep.equal([422, [{ field: 'photo', message: 'big.jpg is 1600×1200; at most 1 megapixels are accepted' }]]);
  });

  it('when a JPEG is cut off halfway and would be decoded shrunk, it is still 415 "damaged", not a half-grey photo or a 500', async () => {
    const whole = await sharp(Buffer.alloc(1600 * 1200 * 3, 0x5a), { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg().toBuffer();
    const problem = await refusal(processImage('cut.jpg', whole.subarray(0, whole.length >> 1), SMALL));
    expect([problem.status, problem.errors]).to.deep.equal([415, [{ field: 'photo', message: 'is damaged or not a complete image' }]]);
  });

  // Where the left (red) half ends up: top and bottom when turned a quarter, left and right otherwise.
  for (const [orientation, top, bottom] of [
    [1, 'red', 'blue'], // not turned: red stays left, blue right
    [3, 'blue', 'red'],
    [6, 'red', 'blue'],
    [8, 'blue', 'red'],
  ] as const) {
    it(`when a photo stored with EXIF orientation ${orientation} is shrunk on load, the stored image and its thumbnail are both upright`, async () => {
      const processed = await processImage('sideways.jpg', await halves(1200, 800, orientation), SMALL);
      const turned = orientation === 6 || orientation === 8;
      expect([processed.width, processed.height]).to.deep.equal(turned ? [171, 256] : [256, 171]);
      expect(await size(processed.image)).to.deep.equal([processed.width, processed.height]);
      expect(await size(processed.thumbnail)).to.deep.equal(turned ? [21, 32] : [32, 21]);
      for (const output of [processed.image, processed.thumbnail]) {
        if (turned) expect([await colourAt(output, 0.5, 0.1), await colourAt(output, 0.5, 0.9)]).to.deep.equal([top, bottom]);
        else expect([await colourAt(output, 0.1, 0.5), await colourAt(output, 0.9, 0.5)]).to.deep.equal([top, bottom]);
      }
    });
  }

  it('when sizing a thumbnail, it is the upright photo scaled to fit 320×320, rounded once, never enlarged, never 0 wide', () => {
    const cases: Array<[number, number, number, number]> = [
      [4000, 3000, 320, 240],
      [4001, 2999, 320, 240],
      [3000, 4000, 240, 320],
      [333, 1000, 107, 320],
      [200, 100, 200, 100],
      [320, 320, 320, 320],
      [5000, 7, 320, 1],
    ];
    for (const [width, height, w, h] of cases) expect(thumbnailSize({ width, height }, 320), `${width}×${height}`).to.deep.equal({ width: w, height: h });
  });

  it('when photos are processed, the thumbnail has exactly that size and the stored image is at most 2048 on its long side', async () => {
    const rotated = await sharp(Buffer.alloc(1000 * 333 * 3, 0x80), { raw: { width: 1000, height: 333, channels: 3 } }).jpeg().withMetadata({ orientation: 5 }).toBuffer();
    for (const [photo, stored, thumb] of [
      [await jpeg(4001, 2999), [2048, 1535], [320, 240]],
      [rotated, [333, 1000], [107, 320]],
      [await jpeg(200, 100), [200, 100], [200, 100]],
    ] as const) {
      const processed = await processImage('p.jpg', photo, LIMITS);
      expect([processed.width, processed.height]).to.deep.equal(stored);
      expect(await size(processed.image)).to.deep.equal(stored);
      expect(await size(processed.thumbnail)).to.deep.equal(thumb);
    }
  });

  for (const format of ['jpeg', 'png', 'webp'] as const) {
    it(`when a ${format.toUpperCase()} carries GPS and camera EXIF, neither the stored image nor the thumbnail keeps any metadata`, async () => {
      const exif = { IFD0: { Make: 'SpyCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 44/1 5400/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 59/1 0/1' } };
      const red = sharp({ create: { width: 900, height: 600, channels: 3, background: '#c33' } });
      const photo = format === 'jpeg' ? await phoneJpeg(900, 600) : await red.toFormat(format).withExifMerge(exif).toBuffer();
      expect(ExifReader.load(photo, { expanded: true }).gps?.Latitude).to.be.closeTo(40.75, 0.01);
      const processed = await processImage(`p.${format}`, photo, SMALL);
      for (const output of [processed.image, processed.thumbnail]) {
        const meta = await sharp(output).metadata();
        expect([meta.exif, meta.xmp, meta.iptc, meta.icc]).to.deep.equal([undefined, undefined, undefined, undefined]);
        expect(output.includes(Buffer.from('SpyCam'))).to.equal(false);
      }
    });
  }
});
