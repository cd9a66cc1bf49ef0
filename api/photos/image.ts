import sharp, { type Metadata } from 'sharp';
import { HttpProblem, problems } from '../http/problems.js';

// libvips keeps recent operations' results (up to 50 MB) to reuse them; every upload is a new
// image processed once, so the cache would only hold memory that PHOTO_QUEUE is meant to bound.
sharp.cache(false);

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';
export const ACCEPTED: ImageType[] = ['image/jpeg', 'image/png', 'image/webp'];
const FORMAT: Record<ImageType, 'jpeg' | 'png' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/** The type by the file's own bytes: never by its name or the client's Content-Type. */
export function sniff(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

export interface Processed {
  type: ImageType;
  image: Buffer;
  width: number;
  height: number;
  thumbnail: Buffer;
}

export interface ImageLimits {
  maxPixels: number;
  maxSide: number;
  thumbnailSide: number;
}

const notAnImage = (name: string, why: string) =>
  new HttpProblem(415, 'unsupported-media-type', 'Not an accepted image', `${name}: ${why}. Send JPEG, PNG or WebP.`, {
    errors: [{ field: 'photo', message: why }],
  });

/** The thumbnail's exact size: the upright photo scaled to fit `side` × `side`, never enlarged. */
export function thumbnailSize(upright: { width: number; height: number }, side: number): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(upright.width, upright.height));
  return { width: Math.max(1, Math.round(upright.width * scale)), height: Math.max(1, Math.round(upright.height * scale)) };
}

/**
 * Checks the header before any pixel is decoded (decompression bombs stop here), then decodes the
 * upload once: upright by its EXIF orientation, shrunk as libjpeg/libwebp read it where the
 * reduction allows (shrink-on-load), re-encoded with every bit of metadata (GPS, camera, time)
 * gone. The thumbnail comes from that stored image, not from a second pass over the upload
 * (sharp's clone() would decode the input again), nor from raw pixels kept in between (buffers of
 * 9–12 MB waiting for the garbage collector raised peak memory more than they saved CPU).
 */
export async function processImage(name: string, bytes: Buffer, limits: ImageLimits): Promise<Processed> {
  const type = sniff(bytes);
  if (!type) throw notAnImage(name, 'is not a JPEG, PNG or WebP image');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw notAnImage(name, 'is not a readable image');
  }
  if (meta.format !== FORMAT[type] || !meta.width || !meta.height) throw notAnImage(name, 'is not a readable image');
  if (meta.width * meta.height > limits.maxPixels) {
    throw problems.validation([
      { field: 'photo', message: `${name} is ${meta.width}×${meta.height}; at most ${Math.round(limits.maxPixels / 1e6)} megapixels are accepted` },
    ]);
  }
  try {
    const stored = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .autoOrient()
      .resize({ width: limits.maxSide, height: limits.maxSide, fit: 'inside', withoutEnlargement: true, fastShrinkOnLoad: true })
      .toFormat(FORMAT[type], { quality: 85 })
      .toBuffer({ resolveWithObject: true });
    // Sized from the upright upload, not from the stored image, so it is rounded once.
    const thumbnail = await sharp(stored.data)
      .resize({ ...thumbnailSize(meta.autoOrient, limits.thumbnailSide), fit: 'fill', fastShrinkOnLoad: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 })
      .toBuffer();
    return { type, image: stored.data, width: stored.info.width, height: stored.info.height, thumbnail };
  } catch {
    throw notAnImage(name, 'is damaged or not a complete image');
  }
}

/**
 * Bounds what uploads cost. An upload takes a place (admit) before its body is read: at most
 * `concurrency + queue` are in at once, each holding at most one unprocessed file in memory, and
 * past that the next is refused with 503 and Retry-After without reading its body. Inside, at
 * most `concurrency` images are decoded and re-encoded at a time (run); the rest wait their turn.
 */
export class Limiter {
  private admitted = 0;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  /** A place for one upload, or a 503 at once; call the returned function (once or more) to leave. */
  admit(): () => void {
    if (this.admitted >= this.concurrency + this.queue) {
      throw new HttpProblem(503, 'unavailable', 'Busy processing photos', 'Too many photos are being processed right now; try again shortly.', {
        // Its body is not read: closing is how the client learns to stop sending it.
        headers: { 'Retry-After': '2', Connection: 'close' },
      });
    }
    this.admitted += 1;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.admitted -= 1;
    };
  }

  /** Runs image work on one of `concurrency` slots, for a caller that holds a place. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
