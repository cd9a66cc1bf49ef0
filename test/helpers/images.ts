import zlib from 'node:zlib';
import sharp from 'sharp';

const solid = (width: number, height: number, background = '#3a7') => sharp({ create: { width, height, channels: 3, background } });

export const jpeg = (width = 64, height = 48, background?: string) => solid(width, height, background).jpeg().toBuffer();
export const png = (width = 64, height = 48) => solid(width, height).png().toBuffer();
export const webp = (width = 64, height = 48) => solid(width, height).webp().toBuffer();

/** A phone photo: taken sideways (EXIF orientation 6), with GPS, camera make and a timestamp. */
export const phoneJpeg = (width = 200, height = 100) =>
  solid(width, height, '#c33')
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'SpyCam', Model: 'Model 9', DateTime: '2026:01:02 03:04:05' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '40/1 44/1 5400/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 59/1 0/1' },
    })
    .toBuffer();

/** Incompressible pixels: a JPEG of about `megabytes` MB, like a real camera file. */
export async function noisyJpeg(megabytes: number): Promise<Buffer> {
  const side = Math.round(Math.sqrt(megabytes * 1024 * 1024 / 0.75));
  const raw = Buffer.alloc(side * side * 3);
  for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, i);
  return sharp(raw.subarray(0, side * side * 3), { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

/** A decompression bomb: a valid PNG header saying 20000×20000, about 1 MB of compressed zero rows. */
export function pngBomb(side = 20000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = zlib.deflateSync(Buffer.alloc(side * 3 * 3000), { level: 9 });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

export const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
export const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
/** Starts like a JPEG, is HTML after the magic bytes. */
export const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);

/** A small JPEG whose header (SOF0) claims `width`×`height`: what a JPEG decompression bomb looks like to a header check. */
export async function jpegClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await jpeg(64, 48));
  const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
  if (sof < 0) throw new Error('no baseline SOF0 marker');
  bytes.writeUInt16BE(height, sof + 5);
  bytes.writeUInt16BE(width, sof + 7);
  return bytes;
}

/** Left half red, right half blue, stored sideways (EXIF `orientation`): where the halves end up shows which way is up. */
export function halves(width: number, height: number, orientation: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) raw[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 220;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg().withMetadata({ orientation }).toBuffer();
}
