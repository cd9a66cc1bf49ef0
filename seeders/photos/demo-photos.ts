import sharp from 'sharp';
import { Op, type Sequelize } from 'sequelize';
import { modelsOf } from '../../api/db/models.js';
import { HttpProblem } from '../../api/http/problems.js';
import type { PhotoService } from '../../api/photos/service.js';
import { DEMO_EMAIL_DOMAIN, mulberry32 } from '../0001-demo-users.js';

const SIDE = 360;

const hash = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);

/** An abstract, deterministic picture: a gradient sky, a sun, hills — no text, so no fonts needed. */
export function demoPicture(seed: number): Promise<Buffer> {
  const rng = mulberry32(seed);
  const hue = Math.floor(rng() * 360);
  const hsl = (h: number, s: number, l: number) => `hsl(${(h + 360) % 360},${s}%,${l}%)`;
  const hills = Array.from({ length: 3 }, (_, i) => {
    const y = SIDE * (0.55 + i * 0.12 + rng() * 0.05);
    const peak = SIDE * rng();
    return `<path d="M0 ${SIDE} L0 ${y} Q${peak} ${y - SIDE * (0.15 + rng() * 0.2)} ${SIDE} ${y} L${SIDE} ${SIDE} Z" fill="${hsl(hue + 120 + i * 25, 45, 30 + i * 8)}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="${hsl(hue, 70, 55)}"/><stop offset="1" stop-color="${hsl(hue + 40, 80, 85)}"/>
    </linearGradient></defs>
    <rect width="${SIDE}" height="${SIDE}" fill="url(#sky)"/>
    <circle cx="${SIDE * (0.2 + rng() * 0.6)}" cy="${SIDE * (0.2 + rng() * 0.2)}" r="${SIDE * (0.08 + rng() * 0.08)}" fill="${hsl(hue + 180, 90, 70)}"/>
    ${hills}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/**
 * Gives each demo user without photos 1–3 generated ones, through the same path as a
 * real upload (validation, re-encoding, storage, rows), so demo data is never special.
 */
export async function seedDemoPhotos(
  sequelize: Sequelize,
  photos: PhotoService,
  log: (line: string) => void = () => {},
  signal?: AbortSignal,
): Promise<number> {
  const { User, Photo } = modelsOf(sequelize);
  const withPhotos = (await Photo.findAll({ attributes: ['userId'], group: ['userId'] })).map((p) => p.userId);
  const users = await User.findAll({
    where: { email: { [Op.like]: `%@${DEMO_EMAIL_DOMAIN}` }, id: { [Op.notIn]: withPhotos.length ? withPhotos : ['00000000-0000-4000-8000-000000000000'] } },
    order: [['username', 'ASC']],
  });
  const started = Date.now();
  let stored = 0;
  const queue = [...users];
  const worker = async () => {
    for (let user = queue.shift(); user && !signal?.aborted; user = queue.shift()) {
      const seed = hash(user.username);
      const files = await Promise.all(Array.from({ length: 1 + (seed % 3) }, async (_, i) => ({ name: `demo-${i + 1}.jpg`, bytes: await demoPicture(seed + i) })));
      // Real uploads share the processing cap; when it is full, this background fill waits its turn.
      for (;;) {
        try {
          await photos.upload(user, files);
          break;
        } catch (err) {
          if (!(err instanceof HttpProblem && err.status === 503) || signal?.aborted) throw err;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      stored += files.length;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(4, photos.settings.concurrency)) }, worker));
  if (users.length && !signal?.aborted) log(`demo photos: ${stored} photos for ${users.length} demo users in ${Date.now() - started} ms`);
  return stored;
}
