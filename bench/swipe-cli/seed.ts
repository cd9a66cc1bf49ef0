import crypto from 'node:crypto';
import sharp from 'sharp';

const ZIPS = ['10002', '10003', '10011', '10014', '10016', '07030', '11201', '11211'];
const HOBBIES = ['chess', 'hiking', 'go', 'rowing', 'climbing', 'board games', 'cooking', 'running'];
const INTERESTS = ['jazz', 'opera', 'film', 'poetry', 'history', 'cooking'];

async function api(base: string, method: string, href: string, options: { token?: string; json?: unknown; body?: Buffer; type?: string } = {}): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { accept: 'application/hal+json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.type) headers['content-type'] = options.type;
  const res = await fetch(new URL(href, base), { method, headers, body: options.json !== undefined ? JSON.stringify(options.json) : options.body ? new Uint8Array(options.body) : undefined });
  const body = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${href} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

/** A complete profile, through the API as a person makes one; returns its token. */
async function person(base: string, username: string, profile: Record<string, unknown>): Promise<string> {
  const account = await api(base, 'POST', '/accounts', { json: { username, email: `${username}@example.com`, password: 'correct horse battery', birthDate: '1990-05-17' } });
  const token = String(account.token);
  await api(base, 'PATCH', '/me', { token, json: profile });
  return token;
}

/** A camera-like photo: a gradient under noise (a flat colour would be too easy to decode and draw). */
async function photo(seed: number): Promise<Buffer> {
  const width = 1200;
  const height = 900;
  const pixels = Buffer.alloc(width * height * 3);
  const noise = crypto.randomBytes(pixels.length);
  for (let y = 0, i = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const base = [((x + seed * 97) % width) * 255 / width, (y * 255) / height, (seed * 53) % 255];
      for (const b of base) pixels[i] = Math.max(0, Math.min(255, b + (noise[i++]! - 128) / 4));
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}

async function upload(base: string, token: string, jpeg: Buffer): Promise<void> {
  const boundary = `friender-bench-${crypto.randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="card.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    jpeg,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  await api(base, 'POST', '/me/photos', { token, body, type: `multipart/form-data; boundary=${boundary}` });
}

/** `count` candidates around Manhattan named card_01…, each with `photos` photos; nobody has liked anyone. */
export async function seedDeck(base: string, count: number, photos: number): Promise<number> {
  for (let n = 1; n <= count; n += 1) {
    const token = await person(base, `card_${String(n).padStart(2, '0')}`, {
      bio: `Card number ${n}: weekends outdoors, weekdays with a book.`,
      hobbies: [HOBBIES[n % HOBBIES.length], HOBBIES[(n * 3) % HOBBIES.length]].filter((h, i, all) => all.indexOf(h) === i),
      interests: [INTERESTS[n % INTERESTS.length]],
      zipCode: ZIPS[n % ZIPS.length],
      friendRadius: 25,
    });
    for (let p = 0; p < photos; p += 1) await upload(base, token, await photo(n * 7 + p));
  }
  return count;
}

/** A fresh viewer in Chelsea who has answered nobody: each run swipes the same deck from the top. */
export function signupViewer(base: string, username: string): Promise<string> {
  return person(base, username, { hobbies: ['chess', 'hiking'], interests: ['jazz'], zipCode: '10001', friendRadius: 25 });
}

/** Out of everyone's deck once its run is over, so the next viewer's deck is the same cards. */
export async function retireViewer(base: string, token: string): Promise<void> {
  await api(base, 'POST', '/me/snooze', { token });
}
