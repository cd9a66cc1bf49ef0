import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';

/** A date at least `years` whole years ago and 10 days, so the age is `years` for the whole test. */
function bornYearsAgo(years: number): string {
  const d = new Date(Date.now() - 10 * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  if (d.getUTCMonth() === 1 && d.getUTCDate() === 29) d.setUTCDate(28);
  return d.toISOString().slice(0, 10);
}

describe('people: a card shows the age, never the birth date', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  const anaBorn = bornYearsAgo(33);
  const benBorn = bornYearsAgo(47);
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001', birthDate: anaBorn });
    ben = await person(api.url, 'ben', { zipCode: '10002', birthDate: benBorn });
  });
  const get = (who: TestUser, href: string) => call(api.url, 'GET', href, { token: who.token });

  /** Neither the field nor the date, nor its digits written any other way, is in what `who` was sent about the other. */
  function expectNoBirthDate(reply: Reply, born: string, where: string): void {
    expect(reply.status, where).to.be.within(200, 299);
    expect(reply.text, where).to.not.include('birthDate');
    expect(reply.text, where).to.not.include(born);
    expect(reply.text, where).to.not.include(born.replaceAll('-', ''));
  }

  it('when ben is a candidate, then his card has his age in whole years and nothing of his birth date, in the deck and by name', async () => {
    const page = await get(ana, '/candidates');
    const card = page.body._embedded.candidates.find((c: { username: string }) => c.username === 'ben');
    expect(card.age).to.equal(47);
    expectNoBirthDate(page, benBorn, 'the candidates page');
    const one = await get(ana, '/candidates/ben');
    expect(one.body.age).to.equal(47);
    expectNoBirthDate(one, benBorn, 'the candidate');
  });

  it('when they match, then the match, its user, the matches list, answers and messages carry ages at most, never a birth date', async () => {
    expectNoBirthDate(await answer(api.url, ana, 'ben', 'like'), benBorn, 'the like');
    const liked = await answer(api.url, ben, 'ana', 'like');
    expectNoBirthDate(liked, anaBorn, 'the like that matched');
    const matchHref = liked.body._links.match.href as string;
    for (const [who, born, other] of [[ana, benBorn, 'ben'], [ben, anaBorn, 'ana']] as const) {
      const list = await get(who, '/matches');
      expectNoBirthDate(list, born, `${who.username}'s matches`);
      const match = await get(who, matchHref);
      expectNoBirthDate(match, born, `${who.username}'s match`);
      const user = await get(who, `${matchHref}/user`);
      expectNoBirthDate(user, born, `${who.username}'s match user`);
      expect(user.body).to.deep.include({ username: other, age: other === 'ben' ? 47 : 33 });
      expectNoBirthDate(await get(who, `/answers/${other}`), born, `${who.username}'s answer`);
      await call(api.url, 'POST', `${matchHref}/messages`, { token: who.token, json: { body: 'hello' } });
      expectNoBirthDate(await get(who, `${matchHref}/messages`), born, `${who.username}'s messages`);
      expectNoBirthDate(await get(who, '/'), born, `${who.username}'s root`);
    }
  });

  it('when asked for your own profile, then /me is the one place the birth date is shown', async () => {
    const me = await get(ana, '/me');
    expect(me.body).to.deep.include({ birthDate: anaBorn, age: 33 });
    expect(me.text).to.not.include(benBorn);
  });
});
