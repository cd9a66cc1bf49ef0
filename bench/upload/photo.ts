import crypto from 'node:crypto';
import sharp from 'sharp';

const WIDTH = 4000;
const HEIGHT = 3000;
const NOISE = 42; // ± per channel; with quality 95 this lands near 8 MiB, with 97 near 9.5 MiB (tuned by hand)

/** Noise over a gradient, from a fixed seed so every run sends the same bytes. */
export async function makeJpeg(quality: number): Promise<Buffer> {
  let s = 0x9e3779b9;
  const random = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0, i = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      for (const base of [(x * 255) / WIDTH, (y * 255) / HEIGHT, 128]) pixels[i++] = Math.max(0, Math.min(255, base + (random() - 0.5) * 2 * NOISE));
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality }).toBuffer();
}

export function multipartBody(jpeg: Buffer): { body: Buffer; contentType: string } {
  const boundary = `friender-bench-${crypto.randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="bench.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
