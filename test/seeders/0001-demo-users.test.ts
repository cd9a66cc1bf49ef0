import bcrypt from 'bcrypt';
import { expect } from 'chai';
import { QueryTypes, type Sequelize } from 'sequelize';
import { seeder } from '../../api/db/migrator.js';
import { METROS } from '../../seeders/data/demo-pools.js';
import * as demoUsers from '../../seeders/0001-demo-users.js';
import { services } from '../helpers/services.js';

interface Row {
  username: string;
  email: string;
  password_hash: string;
  bio: string;
  hobbies: string[];
  interests: string[];
  zip_code: string | null;
  friend_radius: number | null;
}

const complete = (u: Row) => u.hobbies.length > 0 && u.interests.length > 0 && u.zip_code !== null && u.friend_radius !== null;

describe('seeder 0001-demo-users', () => {
  let sequelize: Sequelize;
  let savedCost: string | undefined;
  let savedConsoleError: typeof console.error;
  let printed: string[];

  beforeEach(() => {
    sequelize = services.get().sequelize;
    savedCost = process.env.BCRYPT_COST;
    process.env.BCRYPT_COST = '4';
    // The seeder prints the demo login on stderr: capture it (and keep the test output clean).
    printed = [];
    savedConsoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args.join(' '));
  });

  afterEach(() => {
    console.error = savedConsoleError;
    if (savedCost === undefined) delete process.env.BCRYPT_COST;
    else process.env.BCRYPT_COST = savedCost;
  });

  const seed = () => demoUsers.up(sequelize.getQueryInterface());
  const rows = () =>
    sequelize.query<Row>(
      'SELECT username, email, password_hash, bio, hobbies, interests, zip_code, friend_radius FROM users ORDER BY username',
      { type: QueryTypes.SELECT },
    );

  it('when run on an empty database, then it creates at least 300 users with valid, unique usernames and demo emails, well under 5 s', async () => {
    const started = Date.now();
    await seed();
    expect(Date.now() - started).to.be.lessThan(5_000);
    const users = await rows();
    expect(users).to.have.length(demoUsers.DEMO_USER_COUNT);
    expect(users.length).to.be.at.least(300);
    for (const u of users) {
      expect(u.username).to.match(/^[a-z0-9_]{3,30}$/);
      expect(u.email).to.equal(`${u.username}@demo.friender.test`);
      expect(u.bio.length).to.be.at.most(500);
    }
    expect(new Set(users.map((u) => u.username.toLowerCase())).size).to.equal(users.length);
    expect(new Set(users.map((u) => u.password_hash)).size, 'one shared hash').to.equal(1);
    expect(printed).to.deep.equal([`demo login: demo / friender-demo (${demoUsers.DEMO_USER_COUNT} demo users)`]);
  });

  it('when run, then users cluster around at least 8 metro areas and every complete user has a real ZIP', async () => {
    await seed();
    const perMetro = await sequelize.query<{ key: string; n: number }>(
      `SELECT m.key, count(u.username)::int AS n
         FROM json_to_recordset($1::json) AS m(key text, latitude float8, longitude float8)
         LEFT JOIN zip_codes z ON 3958.8 * 2 * asin(sqrt(power(sin(radians(z.latitude - m.latitude) / 2), 2)
              + cos(radians(m.latitude)) * cos(radians(z.latitude)) * power(sin(radians(z.longitude - m.longitude) / 2), 2))) <= 25
         LEFT JOIN users u ON u.zip_code = z.zip
        GROUP BY m.key`,
      { bind: [JSON.stringify(METROS)], type: QueryTypes.SELECT },
    );
    expect(perMetro.filter((m) => m.n >= 15).length, JSON.stringify(perMetro)).to.be.at.least(8);
    const users = await rows();
    const [{ n: located }] = await sequelize.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM users u JOIN zip_codes z ON z.zip = u.zip_code',
      { type: QueryTypes.SELECT },
    );
    expect(located).to.equal(users.filter((u) => u.zip_code !== null).length);
    const completeUsers = users.filter(complete);
    expect(completeUsers.every((u) => /^[0-9]{5}$/.test(u.zip_code!) && u.friend_radius! >= 1 && u.friend_radius! <= 500)).to.equal(true);
    // Neighbours exist: ZIPs are shared, so people really are near each other.
    expect(new Set(completeUsers.map((u) => u.zip_code)).size).to.be.lessThan(completeUsers.length);
  });

  it('when run, then hobbies and interests are normalised, varied tags (2–6 each on complete profiles)', async () => {
    await seed();
    const users = await rows();
    for (const u of users) {
      for (const list of [u.hobbies, u.interests]) {
        expect(list.length).to.be.at.most(10);
        expect(new Set(list).size, `${u.username}: duplicates in ${list}`).to.equal(list.length);
        for (const tag of list) {
          expect(tag, u.username).to.equal(tag.trim().toLowerCase().replace(/\s+/g, ' '));
          expect(tag.length).to.be.within(1, 30);
          expect(tag).not.to.match(/[,\p{Cc}]/u);
        }
      }
      if (complete(u) && u.username !== 'demo') {
        expect(u.hobbies.length).to.be.within(2, 6);
        expect(u.interests.length).to.be.within(2, 6);
      }
    }
    expect(new Set(users.flatMap((u) => u.hobbies)).size).to.be.at.least(30);
    expect(new Set(users.flatMap((u) => u.interests)).size).to.be.at.least(30);
    expect(new Set(users.map((u) => u.friend_radius)).size).to.be.at.least(5);
    expect(new Set(users.map((u) => u.bio)).size).to.be.greaterThan(users.length / 2);
  });

  it('when run, then about 5% of the profiles are incomplete, so the completeness rules can be seen', async () => {
    await seed();
    const users = await rows();
    const incomplete = users.filter((u) => !complete(u));
    expect(incomplete.length / users.length).to.be.within(0.03, 0.08);
  });

  it('when run, then the documented demo login has a complete New York profile and its password verifies', async () => {
    await seed();
    expect(demoUsers.DEMO_USERNAME).to.equal('demo');
    expect(demoUsers.DEMO_PASSWORD).to.equal('friender-demo');
    const demo = (await rows()).find((u) => u.username === demoUsers.DEMO_USERNAME)!;
    expect(demo).to.include({ zip_code: '10001', friend_radius: 25 });
    expect(complete(demo)).to.equal(true);
    expect(await bcrypt.compare(demoUsers.DEMO_PASSWORD, demo.password_hash)).to.equal(true);
    expect(await bcrypt.compare('wrong-password', demo.password_hash)).to.equal(false);
  });

  it('when down runs, then every seeded user is gone and other accounts stay', async () => {
    await sequelize.query(
      "INSERT INTO users (username, email, password_hash) VALUES ('real_person', 'real@example.com', 'x')",
    );
    await seed();
    await demoUsers.down(sequelize.getQueryInterface());
    expect((await rows()).map((u) => u.username)).to.deep.equal(['real_person']);
  });

  it('when a real account already holds a demo name, then that row is skipped and the rest are seeded', async () => {
    await sequelize.query("INSERT INTO users (username, email, password_hash) VALUES ('demo', 'me@example.com', 'x')");
    await seed();
    const users = await rows();
    expect(users.find((u) => u.username === 'demo')!.email).to.equal('me@example.com');
    expect(users).to.have.length(demoUsers.DEMO_USER_COUNT);
    expect(printed[0]).to.match(/^demo login unavailable: the username "demo" is already taken \(359 demo users\)$/);
  });

  it('when run twice (with down in between), then both runs produce identical data', async () => {
    await seed();
    const first = (await rows()).map(({ password_hash: _hash, ...rest }) => rest);
    await demoUsers.down(sequelize.getQueryInterface());
    await seed();
    const second = (await rows()).map(({ password_hash: _hash, ...rest }) => rest);
    expect(second.map((u) => u.username)).to.deep.equal(first.map((u) => u.username));
    expect(second).to.deep.equal(first);
  });

  it('when applied through the umzug seeder, then it runs once, is recorded, and undoes cleanly', async () => {
    const umzug = seeder(sequelize);
    expect((await umzug.pending()).map((m) => m.name)).to.include('0001-demo-users');
    try {
      await umzug.up();
      expect((await umzug.executed()).map((m) => m.name)).to.include('0001-demo-users');
      expect(await seeder(sequelize).up(), 'nothing left to run').to.deep.equal([]);
      expect((await rows()).filter((u) => u.email.endsWith('@demo.friender.test'))).to.have.length(demoUsers.DEMO_USER_COUNT);
    } finally {
      await seeder(sequelize).down({ to: 0 });
    }
    expect((await seeder(sequelize).executed()).length).to.equal(0);
    expect((await rows()).filter((u) => u.email.endsWith('@demo.friender.test'))).to.deep.equal([]);
  });
});
