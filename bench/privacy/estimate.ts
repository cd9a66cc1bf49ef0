import { miles, type Place, type Zip } from './geo.js';

/** One observation: the attacker stood at `vantage` (as far as it knows) and was shown `distance`. */
export interface Reading {
  vantage: Zip;
  distance: number;
}

/** How the API turns miles into the number it shows, as far as the attacker knows (the README says). */
export interface DistanceModel {
  name: string;
  shown(miles: number): number;
  /** The most likely true distance behind a shown one. */
  middle(shown: number): number;
}

const WHOLE_MILES: DistanceModel = { name: 'whole miles', shown: Math.round, middle: (d) => d };
const BANDS_OF_5: DistanceModel = { name: '5-mile bands', shown: (d) => 5 * Math.max(1, Math.ceil(d / 5)), middle: (d) => d - 2.5 };

/** The model the readings fit: bands of 5 when every reading is a multiple of 5, else whole miles. */
export function modelOf(readings: Reading[]): DistanceModel {
  return readings.length > 0 && readings.every((r) => r.distance > 0 && r.distance % 5 === 0) ? BANDS_OF_5 : WHOLE_MILES;
}

/**
 * The ZIP an attacker would bet on: among the candidate ZIPs, the one whose centroid best explains
 * the readings under the API's documented way of showing distances — the least sum of squared
 * differences between what it would be shown and what it was, then the least sum of absolute
 * differences between its distances and the most likely ones behind the readings (the middle of a
 * band), then the lower ZIP. With no readings at all the best guess is the ZIP nearest the metro
 * centre. `tied` counts the ZIPs that fit exactly as well (the lowest ZIP is the bet).
 */
export function zipEstimate(readings: Reading[], candidates: Zip[], centre: Place, model = modelOf(readings)): { zip: Zip; tied: number } {
  if (readings.length === 0) return { zip: nearest(candidates, centre), tied: candidates.length };
  let best: { zip: Zip; sse: number; sae: number } | undefined;
  let tied = 0;
  for (const zip of candidates) {
    let sse = 0;
    let sae = 0;
    for (const r of readings) {
      const raw = miles(zip, r.vantage);
      const diff = model.shown(raw) - r.distance;
      sse += diff * diff;
      sae += Math.abs(raw - model.middle(r.distance));
    }
    if (!best || sse < best.sse || (sse === best.sse && sae < best.sae)) {
      best = { zip, sse, sae };
      tied = 1;
    } else if (sse === best.sse && sae === best.sae) {
      tied += 1;
      if (zip.zip < best.zip.zip) best = { zip, sse, sae };
    }
  }
  return { zip: best!.zip, tied };
}

function nearest(candidates: Zip[], to: Place): Zip {
  return candidates.reduce((a, b) => (miles(b, to) < miles(a, to) || (miles(b, to) === miles(a, to) && b.zip < a.zip) ? b : a));
}

/**
 * A grid of points every `step` miles over the disc of `radius` miles around `centre`, for a
 * continuous least-squares estimate: the point whose (unrounded) distances to the vantage points
 * best fit the readings. Distances from every point to a vantage point are computed once per
 * vantage point and shared by all targets (a 60-mile disc at 0.1 mile is 1.1 million points).
 */
export class Grid {
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  private readonly toVantage = new Map<string, Float32Array>();

  constructor(
    readonly centre: Place,
    radius: number,
    step: number,
  ) {
    // Steps in degrees that are `step` miles on the ground at the centre's latitude.
    const dLat = step / miles({ lat: centre.lat - 0.5, lon: centre.lon }, { lat: centre.lat + 0.5, lon: centre.lon });
    const dLon = step / miles({ lat: centre.lat, lon: centre.lon - 0.5 }, { lat: centre.lat, lon: centre.lon + 0.5 });
    const n = Math.ceil(radius / step);
    const lat: number[] = [];
    const lon: number[] = [];
    for (let i = -n; i <= n; i += 1) {
      for (let j = -n; j <= n; j += 1) {
        const p = { lat: centre.lat + i * dLat, lon: centre.lon + j * dLon };
        if (miles(p, centre) <= radius) {
          lat.push(p.lat);
          lon.push(p.lon);
        }
      }
    }
    this.lat = Float64Array.from(lat);
    this.lon = Float64Array.from(lon);
  }

  get size(): number {
    return this.lat.length;
  }

  private distancesTo(vantage: Zip): Float32Array {
    let d = this.toVantage.get(vantage.zip);
    if (!d) {
      d = new Float32Array(this.size);
      for (let i = 0; i < this.size; i += 1) d[i] = miles({ lat: this.lat[i]!, lon: this.lon[i]! }, vantage);
      this.toVantage.set(vantage.zip, d);
    }
    return d;
  }

  /** The grid point minimising the sum of squared residuals (to the middle of each band); the centre when there is nothing to fit. */
  pointEstimate(readings: Reading[], model = modelOf(readings)): Place {
    if (readings.length === 0) return this.centre;
    const columns = readings.map((r) => this.distancesTo(r.vantage));
    const observed = readings.map((r) => model.middle(r.distance));
    let best = 0;
    let bestSse = Infinity;
    for (let i = 0; i < this.size; i += 1) {
      let sse = 0;
      for (let k = 0; k < columns.length; k += 1) {
        const diff = columns[k]![i]! - observed[k]!;
        sse += diff * diff;
      }
      if (sse < bestSse) [best, bestSse] = [i, sse];
    }
    return { lat: this.lat[best]!, lon: this.lon[best]! };
  }
}
