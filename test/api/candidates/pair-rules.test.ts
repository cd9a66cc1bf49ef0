import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';
import { CANDIDATES_SQL } from '../../../api/candidates/service.js';
import { ruleBinds } from '../../../api/candidates/rules.js';

const DAY = 86_400_000;
/** The same day `years` before `date` (YYYY-MM-DD); a 29 February becomes the 28th. */
function yearsBefore(date: string, years: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), 1));
  target.setUTCDate(Math.min(d.getUTCDate(), new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()));
  return target.toISOString().slice(0, 10);
}
const dayOf = (t: Date) => t.toISOString().slice(0, 10);
/** Born `years` ago and 100 days, so no birthday falls within a test run. */
const aged = (years: number) => yearsBefore(dayOf(new Date(Date.now() - 100 * DAY)), years);

// Manhattan and Philadelphia: about 80 miles apart, place to place within about 10 of that.
const NYC = '10001';
const PHILLY = '19103';

describe('candidates: age ranges and mutual radius, both ways', () => {
  let api: TestApi;
  let now = new Date();
  before(async () => (api = await startTestApi({ clock: { now: () => now } })));
  after(() => api.close());
  afterEach(() => (now = new Date()));

  const edit = (who: TestUser, json: Record<string, unknown>) => call(api.url, 'PATCH', '/me', { token: who.token, json });
  const deck = async (who: TestUser) => ((await call(api.url, 'GET', '/candidates?limit=50', { token: who.token })).body._embedded.candidates as Array<{ username: string; age: number }>);
  const inDeck = async (who: TestUser, other: TestUser) => (await deck(who)).some((c) => c.username === other.username);
  const lookup = async (who: TestUser, other: TestUser) => (await call(api.url, 'GET', `/candidates/${other.username}`, { token: who.token })).status;

  /** Whether viewer sees other by the deck, and the one-person lookup agrees. */
  async function sees(viewer: TestUser, other: TestUser, what: string): Promise<boolean> {
    const shown = await inDeck(viewer, other);
    expect(await lookup(viewer, other), `${what}: GET /candidates/${other.username} agrees with the deck`).to.equal(shown ? 200 : 404);
    return shown;
  }

  it('when neither has mutual radius, then an age range hides the other one way only, in the deck and by name', async () => {
    const young = await person(api.url, 'young', { zipCode: NYC, birthDate: aged(30) });
    const old = await person(api.url, 'old', { zipCode: NYC, birthDate: aged(50) });
    await edit(young, { minAge: 25, maxAge: 35 });
    expect(await sees(young, old, 'young → old')).to.equal(false);
    expect(await sees(old, young, 'old → young')).to.equal(true);
    expect((await answer(api.url, young, 'old', 'like')).status).to.equal(404);
    expect((await answer(api.url, old, 'young', 'like')).status).to.equal(201);
    await edit(young, { maxAge: 50 });
    expect(await sees(young, old, 'young → old, range widened')).to.equal(true);
  });

  it('over every combination of radius, age range and mutual radius, then A sees B exactly as the rules say, and with mutual radius on either side iff B sees A', async function () {
    this.timeout(120_000);
    const a = await person(api.url, 'ana', { zipCode: NYC, birthDate: aged(30) });
    const b = await person(api.url, 'ben', { zipCode: PHILLY, birthDate: aged(50) });
    const ranges = { a: [[18, 99], [25, 35]], b: [[18, 99], [45, 55]] } as const; // the second of each leaves the other out
    const ages = { a: 30, b: 50 };
    let symmetricCases = 0;
    for (const mutualA of [false, true]) for (const mutualB of [false, true]) for (const radiusA of [25, 150]) for (const radiusB of [25, 150]) {
      for (const [minA, maxA] of ranges.a) for (const [minB, maxB] of ranges.b) {
        await edit(a, { friendRadius: radiusA, minAge: minA, maxAge: maxA, mutualRadius: mutualA });
        await edit(b, { friendRadius: radiusB, minAge: minB, maxAge: maxB, mutualRadius: mutualB });
        const what = `A ${radiusA} mi ${minA}–${maxA}${mutualA ? ' mutual' : ''}; B ${radiusB} mi ${minB}–${maxB}${mutualB ? ' mutual' : ''}`;
        const reachesB = radiusA > 80 && ages.b >= minA && ages.b <= maxA;
        const reachesA = radiusB > 80 && ages.a >= minB && ages.a <= maxB;
        const mutual = mutualA || mutualB;
        const aSeesB = await sees(a, b, `${what}, A → B`);
        const bSeesA = await sees(b, a, `${what}, B → A`);
        expect(aSeesB, `${what}: A sees B`).to.equal(reachesB && (!mutual || reachesA));
        expect(bSeesA, `${what}: B sees A`).to.equal(reachesA && (!mutual || reachesB));
        if (mutual) {
          expect(aSeesB, `${what}: mutual radius is symmetric`).to.equal(bSeesA);
          symmetricCases += aSeesB ? 1 : 0;
        }
      }
    }
    expect(symmetricCases, 'some mutual pairs do see each other').to.be.greaterThan(0);
  });

  it('when mutual radius hides a pair, then a like or pass either way is the same 404 as for a stranger, and counts once reach is mutual', async () => {
    const near = await person(api.url, 'near_one', { zipCode: NYC, friendRadius: 150, mutualRadius: true });
    const far = await person(api.url, 'far_one', { zipCode: PHILLY, friendRadius: 25 });
    for (const [who, whom] of [[near, far], [far, near]] as const) {
      for (const verb of ['like', 'pass'] as const) {
        const reply = await answer(api.url, who, whom.username, verb);
        const stranger = await answer(api.url, who, 'nobody_at_all', verb);
        expect(reply.status, `${who.username} ${verb}s ${whom.username}`).to.equal(404);
        expect({ type: reply.body.type, title: reply.body.title }).to.deep.equal({ type: stranger.body.type, title: stranger.body.title });
      }
    }
    await edit(far, { friendRadius: 150 });
    expect((await answer(api.url, near, 'far_one', 'like')).status).to.equal(201);
    expect((await answer(api.url, far, 'near_one', 'like')).body).to.deep.include({ matched: true });
  });

  it('when a birthday comes at midnight UTC, then on that day the person moves into one range and out of another, card age and all', async () => {
    const tomorrow = dayOf(new Date(Date.now() + DAY));
    const turning = await person(api.url, 'turning_40', { zipCode: NYC, birthDate: yearsBefore(tomorrow, 40) });
    const fromForty = await person(api.url, 'from_forty', { zipCode: NYC, birthDate: aged(45), minAge: 40 });
    const upToThirtyNine = await person(api.url, 'under_forty', { zipCode: NYC, birthDate: aged(35), maxAge: 39 });
    now = new Date(Date.parse(`${tomorrow}T00:00:00.000Z`) - 1);
    expect(await sees(fromForty, turning, 'the evening before, 40+')).to.equal(false);
    expect(await sees(upToThirtyNine, turning, 'the evening before, up to 39')).to.equal(true);
    expect((await deck(upToThirtyNine)).find((c) => c.username === 'turning_40')!.age).to.equal(39);
    now = new Date(`${tomorrow}T00:00:00.000Z`);
    expect(await sees(fromForty, turning, 'on the day, 40+')).to.equal(true);
    expect(await sees(upToThirtyNine, turning, 'on the day, up to 39')).to.equal(false);
    expect((await deck(fromForty)).find((c) => c.username === 'turning_40')!.age).to.equal(40);
  });

  it('when ages are counted in SQL, then they agree with the age shown on cards on every day, 29 February births included', async () => {
    const births = ['2000-02-29', '2000-02-28', '2000-03-01', '1999-12-31', '2001-01-01', '1996-02-29'];
    const days = ['2026-02-27', '2026-02-28', '2026-03-01', '2028-02-28', '2028-02-29', '2028-03-01', '2026-12-31', '2027-01-01'];
    const { ageOn } = await import('../../../api/accounts/schemas.js');
    const { ageSql } = await import('../../../api/candidates/rules.js');
    for (const today of days) {
      const rows = await services.get().sequelize.query<{ birth: string; age: number; at26: boolean }>(
        `SELECT b::text AS birth, ${ageSql('b')} AS age,
                (b <= ($today::date - make_interval(years => 26))::date AND b > ($today::date - make_interval(years => 27))::date) AS at26
           FROM unnest($births::date[]) b`,
        { bind: { today, births }, type: QueryTypes.SELECT },
      );
      for (const row of rows) {
        expect(row.age, `${row.birth} on ${today}`).to.equal(ageOn(row.birth, today));
        expect(row.at26, `${row.birth} on ${today}, the range bounds`).to.equal(ageOn(row.birth, today) === 26);
      }
    }
  });

  it('when the deck is read with mutual radius on, then users come from users_candidates_idx by an Index Only Scan (no heap row read per candidate)', async () => {
    const viewer = await person(api.url, 'planner', { zipCode: NYC, mutualRadius: true, minAge: 20, maxAge: 60 });
    await person(api.url, 'someone', { zipCode: NYC, mutualRadius: true });
    const { sequelize } = services.get();
    const [{ id }] = await sequelize.query<{ id: string }>('SELECT id FROM users WHERE username = $1', { bind: [viewer.username], type: QueryTypes.SELECT });
    await sequelize.query('VACUUM ANALYZE users'); // the visibility map an index-only scan relies on
    const plan = await sequelize.transaction(async (transaction) => {
      // A test database of a few rows would be read whole; what is checked is that the index can answer alone.
      await sequelize.query('SET LOCAL enable_seqscan = off', { transaction });
      await sequelize.query('SET LOCAL enable_bitmapscan = off', { transaction });
      const rows = await sequelize.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CANDIDATES_SQL}`, {
        bind: { ...ruleBinds(id, new Date()), limit: 11, score: null, miles: null, after: null },
        type: QueryTypes.SELECT,
        transaction,
      });
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).to.match(/Index Only Scan using users_candidates_idx on users u\b/);
  });
});
