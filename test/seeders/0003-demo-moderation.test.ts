import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { seeder } from '../../api/db/migrator.js';
import { PROMPT_QUESTIONS } from '../../api/profile/prompts.js';
import * as demoUsers from '../../seeders/0001-demo-users.js';
import * as demoModeration from '../../seeders/0003-demo-moderation.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { call } from '../helpers/http.js';
import { services } from '../helpers/services.js';

interface Row {
  username: string;
  complete: boolean;
  prompts: Array<{ question: string; answer: string }>;
  min_age: number;
  max_age: number;
  mutual_radius: boolean;
  snoozed: boolean;
  moderator: boolean;
}

describe('demo data for safety: prompts, age ranges, mutual radius, a snoozed user, the moderator twin and its reports', () => {
  let api: TestApi;
  let savedCost: string | undefined;
  let savedConsoleError: typeof console.error;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    savedCost = process.env.BCRYPT_COST;
    process.env.BCRYPT_COST = '4';
    savedConsoleError = console.error;
    console.error = () => {};
    await seeder(services.get().sequelize).up();
    console.error = savedConsoleError;
  });
  afterEach(async () => {
    await seeder(services.get().sequelize).down({ to: 0 });
    if (savedCost === undefined) delete process.env.BCRYPT_COST;
    else process.env.BCRYPT_COST = savedCost;
  });
  const rows = () =>
    services.get().sequelize.query<Row>(
      `SELECT username, complete, prompts, min_age, max_age, mutual_radius, snoozed_until = 'infinity' AS snoozed, moderator FROM users ORDER BY username`,
      { type: QueryTypes.SELECT },
    );
  const login = async (username: string) => (await call(api.url, 'POST', '/sessions', { json: { username, password: demoUsers.DEMO_PASSWORD } })).body.token as string;
  const deck = async (token: string) => {
    const names: string[] = [];
    for (let href: string | undefined = '/candidates?limit=50'; href; ) {
      const page = await call(api.url, 'GET', href, { token });
      names.push(...page.body._embedded.candidates.map((c: { username: string }) => c.username));
      href = page.body._links.next?.href;
    }
    return names;
  };

  it('when seeded, then most demo users have 1–3 prompts from the fixed list, answered in at most 150 characters', async () => {
    const users = (await rows()).filter((u) => u.username !== demoModeration.DEMO_MODERATOR);
    const withPrompts = users.filter((u) => u.prompts.length > 0);
    expect(withPrompts.length / users.length).to.be.within(0.7, 0.9);
    for (const u of withPrompts) {
      expect(u.prompts.length).to.be.within(1, 3);
      expect(new Set(u.prompts.map((p) => p.question)).size, u.username).to.equal(u.prompts.length);
      for (const p of u.prompts) {
        expect(PROMPT_QUESTIONS as readonly string[]).to.include(p.question);
        expect(p.answer.length).to.be.within(1, 150);
        expect(p.answer).not.to.match(/[{}]/);
      }
    }
  });

  it('when seeded, then some demo users have age ranges and some mutual radius, one New Yorker is snoozed, and the demo deck still fills up without them', async () => {
    const users = await rows();
    const ranged = users.filter((u) => u.min_age !== 18 || u.max_age !== 99);
    expect(ranged.length).to.be.within(50, 120);
    expect(ranged.every((u) => u.min_age >= 18 && u.min_age < u.max_age && u.max_age <= 99)).to.equal(true);
    expect(users.filter((u) => u.mutual_radius).length).to.be.within(20, 70);
    const snoozed = users.filter((u) => u.snoozed);
    expect(snoozed).to.have.length(1);
    const demo = await deck(await login(demoUsers.DEMO_USERNAME));
    expect(demo.length).to.be.at.least(20);
    expect(demo).not.to.include(snoozed[0]!.username);
    expect(demo).not.to.include(demoModeration.DEMO_MODERATOR);
    const [{ miles }] = await services.get().sequelize.query<{ miles: number }>(
      `SELECT round(earth_distance(a.location, b.location) / 1609.344)::int AS miles FROM users s JOIN zip_codes a ON a.zip = s.zip_code, zip_codes b WHERE s.username = $1 AND b.zip = '10001'`,
      { bind: [snoozed[0]!.username], type: QueryTypes.SELECT },
    ) as [{ miles: number }];
    expect(miles, 'the snoozed user lives near the demo login').to.be.at.most(25);
  });

  it('when the moderator twin logs in with the demo password, then it sees the reports link and three open reports, two about one person', async () => {
    const token = await login(demoModeration.DEMO_MODERATOR);
    const root = (await call(api.url, 'GET', '/', { token })).body;
    expect(root._links.reports).to.deep.equal({ href: '/reports' });
    expect((await call(api.url, 'GET', '/', { token: await login(demoUsers.DEMO_USERNAME) })).body._links).not.to.have.property('reports');
    const reports = (await call(api.url, 'GET', '/reports', { token })).body._embedded.reports;
    expect(reports).to.have.length(3);
    expect(reports.map((r: { otherOpenReports: number }) => r.otherOpenReports)).to.deep.equal([1, 1, 0]);
    expect(reports[0].reported).to.equal(reports[1].reported);
    expect(reports[0].evidence.messages).to.have.length(3);
    expect(reports[0].evidence.profile).to.have.keys('username', 'age', 'bio', 'hobbies', 'interests', 'prompts');
    expect(Object.keys(reports[0]._templates)).to.deep.equal(['dismiss', 'suspend']);
    const suspended = await call(api.url, 'POST', `/reports/${reports[0].id}/suspend`, { token, json: { note: 'spam links' } });
    expect([suspended.status, suspended.body.alsoResolved]).to.deep.equal([200, 1]);
    expect(await deck(await login(demoUsers.DEMO_USERNAME))).not.to.include(reports[0].reported);
  });

  it('when seeded twice or undone, then nothing is duplicated and down removes the twin and its reports', async () => {
    const qi = services.get().sequelize.getQueryInterface();
    await demoModeration.up(qi);
    const count = async (sql: string) => (await services.get().sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT }))[0]!.n;
    expect(await count('SELECT count(*)::int AS n FROM reports')).to.equal(3);
    expect(await count("SELECT count(*)::int AS n FROM users WHERE moderator")).to.equal(1);
    await demoModeration.down(qi);
    expect(await count('SELECT count(*)::int AS n FROM reports')).to.equal(0);
    expect(await count("SELECT count(*)::int AS n FROM users WHERE username = 'demo_mod'")).to.equal(0);
  });

  it('when the demo users are built twice, then prompts, preferences and the snoozed user are the same each time', () => {
    const zips = new Map([['nyc', ['10001', '10002']], ['sf', ['94103']], ['la', ['90012']], ['chi', ['60601']], ['atx', ['78701']], ['sea', ['98101']], ['bos', ['02108']], ['den', ['80202']], ['atl', ['30303']], ['pdx', ['97201']]]);
    const first = demoUsers.buildDemoUsers(zips);
    expect(demoUsers.buildDemoUsers(zips)).to.deep.equal(first);
    expect(first.filter((u) => u.snoozed)).to.have.length(1);
  });
});
