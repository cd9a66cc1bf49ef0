import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { completeProfile, signup } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

/** `days` after `date` (YYYY-MM-DD), as YYYY-MM-DD. */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** The same day `years` earlier (29 February becomes the 28th in a common year). */
const yearsBefore = (date: string, years: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
};

describe('adults only: birth dates at signup and on the profile', () => {
  let api: TestApi;
  // Near the real time, so the tokens it signs are still good; moved by tests, put back after each.
  let now = new Date();
  const today = () => now.toISOString().slice(0, 10);
  before(async () => (api = await startTestApi({ clock: { now: () => now } })));
  after(() => api.close());
  afterEach(() => (now = new Date()));

  const join = (username: string, birthDate: unknown) => call(api.url, 'POST', '/accounts', { json: { username, email: `${username}@example.com`, password: 'correct horse battery', birthDate } });
  const exists = async (username: string) => (await services.get().sequelize.query('SELECT 1 FROM users WHERE username = $1', { bind: [username] }))[0].length === 1;

  it('when born exactly 18 years ago today, then the account is made; a day later, then 422 naming birthDate and no account', async () => {
    const eighteen = yearsBefore(today(), 18);
    expect((await join('just_adult', eighteen)).status).to.equal(201);
    const refused = await join('not_yet', addDays(eighteen, 1));
    expect(refused.status).to.equal(422);
    expect(refused.contentType).to.match(/^application\/problem\+json/);
    expect(refused.body.errors).to.deep.equal([{ field: 'birthDate', message: 'you must be 18 or older to use Friender' }]);
    expect(await exists('not_yet')).to.equal(false);
  });

  it('when the day changes at midnight UTC, then an 18th birthday counts from that moment, not before', async () => {
    now = new Date(`${addDays(today(), 1)}T00:00:00.000Z`);
    const birthday = yearsBefore(today(), 18);
    now = new Date(now.getTime() - 1);
    expect((await join('eve_of', birthday)).status).to.equal(422);
    now = new Date(now.getTime() + 1);
    expect((await join('on_the_day', birthday)).status).to.equal(201);
  });

  it('when born on 29 February, then they are 18 on 1 March of a common year, not on 28 February', async () => {
    // The signup answers are judged by the clock alone; the tokens they carry are not used.
    now = new Date('2026-02-28T12:00:00Z');
    expect((await join('leapling_early', '2008-02-29')).status).to.equal(422);
    now = new Date('2026-03-01T00:00:00Z');
    expect((await join('leapling', '2008-02-29')).status).to.equal(201);
    now = new Date('2028-02-28T23:59:59Z');
    expect((await join('leapling_2028', '2010-02-29')).status).to.equal(422); // 2010 had no 29 February
  });

  const invalid: Array<[string, unknown]> = [
    ['a day that does not exist', '2001-02-29'],
    ['31 April', '1990-04-31'],
    ['another format', '17/05/1990'],
    ['a time as well', '1990-05-17T00:00:00Z'],
    ['a number', 19900517],
    ['nothing', undefined],
    ['a date before 1900', '1899-12-31'],
  ];
  for (const [what, birthDate] of invalid) {
    it(`when the birth date is ${what}, then 422 naming birthDate`, async () => {
      const reply = await join('dateless', birthDate);
      expect(reply.status).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['birthDate']);
      expect(await exists('dateless')).to.equal(false);
    });
  }

  it('when signed up, then /me shows the birth date and the age, and the edit template no longer offers the date', async () => {
    const user = await signup(api.url, { birthDate: yearsBefore(today(), 30) });
    const me = await call(api.url, 'GET', '/me', { token: user.token });
    expect(me.body).to.deep.include({ birthDate: yearsBefore(today(), 30), age: 30, minAge: 18, maxAge: 99, mutualRadius: false });
    expect(me.body._templates.edit.properties.map((p: { name: string }) => p.name)).to.not.include('birthDate');
    const signupTemplate = (await call(api.url, 'GET', '/')).body._templates.signup.properties.find((p: { name: string }) => p.name === 'birthDate');
    expect(signupTemplate).to.include({ required: true, type: 'date', regex: '^\\d{4}-\\d{2}-\\d{2}$' });
  });

  it('when a birth date is given, then it can never be changed, not even to another adult date', async () => {
    const user = await signup(api.url, { birthDate: '1990-05-17' });
    const reply = await call(api.url, 'PATCH', '/me', { token: user.token, json: { birthDate: '1980-01-01' } });
    expect(reply.status).to.equal(422);
    expect(reply.body.errors).to.deep.equal([{ field: 'birthDate', message: 'cannot be changed once given' }]);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).body.birthDate).to.equal('1990-05-17');
    // Sending the same date again (a client that sends every field) changes nothing and is fine.
    expect((await call(api.url, 'PATCH', '/me', { token: user.token, json: { birthDate: '1990-05-17', bio: 'Same.' } })).status).to.equal(200);
  });

  describe('an account made before birth dates were asked for', () => {
    it('when it has no birth date, then it cannot swipe: missing lists it, the deck and a like are 409, and the edit offers it', async () => {
      const old = await signup(api.url);
      await call(api.url, 'PATCH', '/me', { token: old.token, json: completeProfile });
      await services.get().sequelize.query('UPDATE users SET birth_date = NULL WHERE username = $1', { bind: [old.username] });
      const other = await signup(api.url);
      await call(api.url, 'PATCH', '/me', { token: other.token, json: completeProfile });

      const me = await call(api.url, 'GET', '/me', { token: old.token });
      expect(me.body).to.deep.include({ complete: false, missing: ['birthDate'], birthDate: null, age: null });
      expect(me.body._templates.edit.properties.find((p: { name: string }) => p.name === 'birthDate')).to.include({ type: 'date', required: false });
      const deck = await call(api.url, 'GET', '/candidates', { token: old.token });
      expect(deck.status).to.equal(409);
      expect(deck.body.detail).to.equal('Add your birth date to your profile to see and answer candidates.');
      expect(deck.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['birthDate']);
      expect((await call(api.url, 'POST', `/candidates/${other.username}/like`, { token: old.token })).status).to.equal(409);
      // Nor is it shown to anyone.
      const seen = await call(api.url, 'GET', '/candidates?limit=50', { token: other.token });
      expect(seen.body._embedded.candidates.map((c: { username: string }) => c.username)).to.not.include(old.username);
    });

    it('when it adds a date under 18, then 422 naming birthDate and nothing is stored; an adult date completes it, once', async () => {
      const old = await signup(api.url);
      await services.get().sequelize.query('UPDATE users SET birth_date = NULL WHERE username = $1', { bind: [old.username] });
      const young = await call(api.url, 'PATCH', '/me', { token: old.token, json: { ...completeProfile, birthDate: addDays(yearsBefore(today(), 18), 1) } });
      expect(young.status).to.equal(422);
      expect(young.body.errors).to.deep.equal([{ field: 'birthDate', message: 'you must be 18 or older to use Friender' }]);
      expect((await call(api.url, 'GET', '/me', { token: old.token })).body).to.deep.include({ birthDate: null, hobbies: [] });

      const added = await call(api.url, 'PATCH', '/me', { token: old.token, json: { ...completeProfile, birthDate: yearsBefore(today(), 18) } });
      expect(added.status).to.equal(200);
      expect(added.body).to.deep.include({ complete: true, birthDate: yearsBefore(today(), 18), age: 18 });
      expect(added.body._templates.edit.properties.map((p: { name: string }) => p.name)).to.not.include('birthDate');
      expect((await call(api.url, 'PATCH', '/me', { token: old.token, json: { birthDate: '1990-01-01' } })).status).to.equal(422);
    });
  });
});
