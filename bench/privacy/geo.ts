/**
 * What the attacker knows about places: ZIP centroids (public Census data), great-circle
 * distances on the sphere the API measures on, and how to pick targets and vantage points.
 */

/**
 * The API measures with PostgreSQL's earthdistance, whose earth() is a sphere of 6,378,168 m
 * (documented, so the attacker knows it too). On the 3,958.8-mile mean radius a 10-mile reading
 * would be off by 0.01 mile, enough to flip an occasional rounding.
 */
const EARTH_MILES = 6_378_168 / 1609.344;
const RAD = Math.PI / 180;

export interface Place {
  lat: number;
  lon: number;
}

export interface Zip extends Place {
  zip: string;
}

/** Great-circle miles (haversine). */
export function miles(a: Place, b: Place): number {
  const h = Math.sin(((b.lat - a.lat) * RAD) / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(((b.lon - a.lon) * RAD) / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The point `distance` miles from `from` on the initial bearing `bearing` (degrees from north). */
export function destination(from: Place, bearing: number, distance: number): Place {
  const d = distance / EARTH_MILES;
  const t = bearing * RAD;
  const lat1 = from.lat * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(t));
  const lon2 = from.lon * RAD + Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: lon2 / RAD };
}

/** mulberry32: a small seeded PRNG, so the same seed picks the same targets on every run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct ZIPs starting with `prefix`, drawn with `rand` from the sorted list (a partial Fisher–Yates shuffle). */
export function pickZips(zips: Zip[], prefix: string, count: number, rand: () => number): Zip[] {
  const pool = zips.filter((z) => z.zip.startsWith(prefix)).sort((a, b) => a.zip.localeCompare(b.zip));
  if (pool.length < count) throw new Error(`only ${pool.length} ZIPs start with ${prefix}; ${count} targets wanted`);
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(rand() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

const GOLDEN_ANGLE = 137.508; // successive bearings spread evenly however few of them are used
const RINGS = [10, 6, 14, 8, 12]; // miles from the centre, varied so the rings are not all alike

/**
 * Vantage ZIPs around a metro, in the order the attacker moves through them: the ZIP nearest the
 * centre, then ones 5–15 miles out on bearings a golden angle apart, so that the first two or
 * three (all a rate limit may allow) already surround the targets. Over water (Lake Michigan, the
 * Pacific, Boston Harbor) the nearest ZIP in that ring is taken; ZIPs within 2 miles of an earlier
 * vantage point are skipped, as they would add little.
 */
export function vantagePoints(area: Zip[], centre: Place, count: number): Zip[] {
  const byCentre = [...area].sort((a, b) => miles(a, centre) - miles(b, centre) || a.zip.localeCompare(b.zip));
  const chosen: Zip[] = byCentre.slice(0, 1);
  const ring = area.filter((z) => {
    const d = miles(z, centre);
    return d >= 5 && d <= 15;
  });
  for (let i = 0; chosen.length < count && i < 4 * count; i += 1) {
    const ideal = destination(centre, (i * GOLDEN_ANGLE) % 360, RINGS[i % RINGS.length]!);
    let best: Zip | undefined;
    let bestMiles = Infinity;
    for (const z of ring) {
      if (chosen.some((c) => miles(c, z) < 2)) continue;
      const d = miles(z, ideal);
      if (d < bestMiles) [best, bestMiles] = [z, d];
    }
    if (best) chosen.push(best);
  }
  return chosen;
}
