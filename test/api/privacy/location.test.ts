import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import type { Clock } from '../../../api/clock.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const sql = <T extends object>(query: string, bind: unknown[] = []) => services.get().sequelize.query<T>(query, { bind, type: QueryTypes.SELECT });
const placeOf = async (username: string) => (await sql<{ place: string }>('SELECT place_zip AS place FROM users WHERE username = $1', [username]))[0]!.place;
const milesBetween = async (a: string, b: string) =>
  (await sql<{ miles: number }>('SELECT earth_distance(x.location, y.location) / 1609.344 AS miles FROM zip_codes x, zip_codes y WHERE x.zip = $1 AND y.zip = $2', [a, b]))[0]!.miles;

describe('privacy: where someone is', () => {
  let now = new Date('2026-11-27T12:00:00Z');
  const clock: Clock = { now: () => now };
  let api: TestApi;
  before(async () => (api = await startTestApi({ clock })));
  after(() => api.close());
  beforeEach(() => (now = new Date(now.getTime() + 48 * 3600_000)));
  const moveTo = (who: TestUser, zipCode: string) => call(api.url, 'PATCH', '/me', { token: who.token, json: { zipCode } });

  it('when an attacker reads a target from every ZIP it may stand at in a day, then the best fit is the target\'s place, miles from their ZIP — never the ZIP', async () => {
    await person(api.url, 'target', { zipCode: '10025' });
    const attacker = await person(api.url, 'attacker', { zipCode: '10001', friendRadius: 100 });
    const readings: Array<{ from: string; miles: number }> = [];
    for (const zip of ['10001', '07030', '11201', '10301', '10461']) {
      if (zip !== '10001') {
        const moved = await moveTo(attacker, zip);
        if (moved.status === 429) break;
        expect(moved.status).to.equal(200);
      }
      const card = await call(api.url, 'GET', '/candidates/target', { token: attacker.token });
      expect(card.status).to.equal(200);
      readings.push({ from: zip, miles: card.body.distance });
    }
    expect(readings.map((r) => r.from), 'three ZIPs a day').to.deep.equal(['10001', '07030', '11201']);
    // The attacker's best fit: the ZIP whose whole-mile distances from its vantage points match the readings best.
    const fits = await sql<{ zip: string; err: number }>(
      `SELECT c.zip, sum(power(greatest(1, round(earth_distance(c.location, v.location) / 1609.344)) - r.miles, 2)) AS err
         FROM zip_codes c, zip_codes t, json_to_recordset($1::json) AS r("from" text, miles int) JOIN zip_codes v ON v.zip = r."from"
        WHERE t.zip = '10025' AND earth_distance(c.location, t.location) < 40 * 1609.344
        GROUP BY c.zip ORDER BY err, c.zip`,
      [JSON.stringify(readings)],
    );
    const best = fits.filter((f) => Number(f.err) === Number(fits[0]!.err)).map((f) => f.zip);
    expect(best).to.not.include('10025');
    expect(best).to.include(await placeOf('target'));
    for (const zip of best) expect(await milesBetween(zip, '10025'), zip).to.be.at.least(2.5);
  });

  it('when someone is placed, then their place is stable: the same on every read, after other edits, and again when they move back', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const first = await placeOf('ana');
    await call(api.url, 'PATCH', '/me', { token: ana.token, json: { bio: 'New bio', friendRadius: 40 } });
    expect(await placeOf('ana')).to.equal(first);
    expect((await moveTo(ana, '60614')).status).to.equal(200);
    expect(await placeOf('ana')).to.not.equal(first);
    expect((await moveTo(ana, '10001')).status).to.equal(200);
    expect(await placeOf('ana')).to.equal(first);
  });

  it('when places are drawn, then none is the user\'s own ZIP and each is at least 3 miles from it — typically 3–5 in a city, more across water or where ZIPs are sparse', async () => {
    const rows = await sql<{ zip: string; miles: number }>(
      `SELECT s.zip, earth_distance(z.location, p.location) / 1609.344 AS miles
         FROM (SELECT zip, friender_place(zip, gen_random_uuid()) AS place FROM unnest($1::text[]) zip, generate_series(1, 200)) s
         JOIN zip_codes z ON z.zip = s.zip JOIN zip_codes p ON p.zip = s.place`,
      [['10001', '10025', '60614', '94110', '02139', '59001']],
    );
    expect(rows).to.have.length(1200);
    for (const { zip, miles } of rows) expect(miles, zip).to.be.at.least(3);
    for (const zip of ['10001', '10025', '60614', '94110', '02139']) {
      const sorted = rows.filter((r) => r.zip === zip).map((r) => r.miles).sort((a, b) => a - b);
      expect(sorted[100], `${zip} median`).to.be.within(3.5, 5.5);
      expect(sorted[199], `${zip} farthest`).to.be.at.most(10);
    }
  });

  describe('ZIP changes', () => {
    it('when a 4th change in a day is tried, then 429 naming zipCode and when the next is possible, and nothing changes; the same ZIP again is free; a day later it works', async () => {
      const ana = await person(api.url, 'ana', { zipCode: '10001' });
      expect((await moveTo(ana, '10002')).status).to.equal(200);
      expect((await moveTo(ana, '10002')).status, 'no change').to.equal(200);
      now = new Date(now.getTime() + 3600_000);
      expect((await moveTo(ana, '10003')).status).to.equal(200);
      const refused = await call(api.url, 'PATCH', '/me', { token: ana.token, json: { zipCode: '10004', bio: 'moved again' } });
      expect(refused.status).to.equal(429);
      expect(refused.contentType).to.match(/^application\/problem\+json/);
      expect(refused.body.errors[0].field).to.equal('zipCode');
      const next = new Date(now.getTime() - 3600_000 + 24 * 3600_000).toISOString();
      expect(refused.body.errors[0].message).to.include(next);
      expect(Number(refused.headers.get('retry-after'))).to.equal(23 * 3600);
      const me = await call(api.url, 'GET', '/me', { token: ana.token });
      expect(me.body).to.deep.include({ zipCode: '10003', bio: 'Board games and long walks.' });
      now = new Date(now.getTime() + 23 * 3600_000);
      expect((await moveTo(ana, '10004')).status).to.equal(200);
    });

    it('when 10 different changes arrive at once, then exactly the 2 left today land', async () => {
      const ana = await person(api.url, 'ana', { zipCode: '10001' });
      const zips = ['10002', '10003', '10004', '10005', '10006', '10007', '10009', '10010', '10011', '10012'];
      const statuses = (await Promise.all(zips.map((zip) => moveTo(ana, zip)))).map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).to.have.length(2);
      expect(statuses.filter((s) => s === 429)).to.have.length(8);
    });

    it('when the ZIP does not exist, then 422 and no change is used up', async () => {
      const ana = await person(api.url, 'ana', { zipCode: '10001' });
      for (let i = 0; i < 3; i++) expect((await moveTo(ana, '00000')).status).to.equal(422);
      expect((await moveTo(ana, '10002')).status).to.equal(200);
      expect((await moveTo(ana, '10003')).status).to.equal(200);
    });
  });
});
