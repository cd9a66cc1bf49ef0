import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { answer, person, signup, type TestUser } from '../../helpers/factories.js';
import { QueryTypes } from 'sequelize';
import { services } from '../../helpers/services.js';

// What the API answers about someone, as a reach oracle would read it: status and body, nothing else.
const seen = (reply: Reply) => ({ status: reply.status, body: reply.body });

describe('privacy: no reach oracle', () => {
  let api: TestApi;
  let me: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (me = await person(api.url, 'prober', { zipCode: '10001', friendRadius: 25 })));
  const setRadius = (friendRadius: number) => call(api.url, 'PATCH', '/me', { token: me.token, json: { friendRadius } });
  const radii = [1, 2, 3, 4, 5, 6, 8, 10, 15, 25, 100, 500];

  /** Every answer the prober can get about `username`, at every radius: they must all be the same. */
  async function probe(username: string) {
    const answers = [];
    for (const radius of radii) {
      expect((await setRadius(radius)).status).to.equal(200);
      answers.push({
        card: seen(await call(api.url, 'GET', `/candidates/${username}`, { token: me.token })),
        like: seen(await answer(api.url, me, username, 'like')),
        pass: seen(await answer(api.url, me, username, 'pass')),
      });
    }
    return answers;
  }

  it('when the prober passed on someone, then every radius gets the same answers: card 404, pass 200, like 409', async () => {
    await person(api.url, 'target', { zipCode: '10025' });
    expect((await answer(api.url, me, 'target', 'pass')).status).to.equal(201);
    const answers = await probe('target');
    expect(answers.map((a) => [a.card.status, a.like.status, a.pass.status])).to.deep.equal(radii.map(() => [404, 409, 200]));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).to.equal(1);
  });

  it('when the prober matched and then unmatched someone, then every radius gets the same answers', async () => {
    const target = await person(api.url, 'target', { zipCode: '07030' });
    await answer(api.url, target, 'prober', 'like');
    const liked = await answer(api.url, me, 'target', 'like');
    expect(liked.body.matched).to.equal(true);
    expect((await call(api.url, 'DELETE', liked.body._links.match.href, { token: me.token })).status).to.equal(204);
    const answers = await probe('target');
    expect(answers.map((a) => [a.card.status, a.like.status, a.pass.status])).to.deep.equal(radii.map(() => [404, 200, 409]));
    expect(answers[0]!.like.body).to.deep.include({ matched: false });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).to.equal(1);
  });

  it('when someone is out of reach, unknown, unfinished or the prober, then card, like and pass are one and the same 404', async () => {
    await person(api.url, 'far_away', { zipCode: '90012' });
    await signup(api.url, { username: 'unfinished' });
    const bodies = [];
    for (const username of ['far_away', 'nobody_here', 'unfinished', 'prober']) {
      for (const reply of [await call(api.url, 'GET', `/candidates/${username}`, { token: me.token }), await answer(api.url, me, username, 'like'), await answer(api.url, me, username, 'pass')]) {
        expect(reply.status, username).to.equal(404);
        bodies.push(JSON.stringify(reply.body).replace(username, '<name>'));
      }
    }
    expect(new Set(bodies).size).to.equal(1);
  });

  it('when two people sit at one place, then they see exactly the same people, however far apart their ZIPs are: whom you see (and so like) never depends on your ZIP', async () => {
    for (const [name, zipCode] of [['a', '10002'], ['b', '07030'], ['c', '11201'], ['d', '10451'], ['e', '07302'], ['f', '11101']] as const) await person(api.url, `near_${name}`, { zipCode });
    const twin = await person(api.url, 'twin', { zipCode: '10474', friendRadius: 25 });
    await services.get().sequelize.query("UPDATE users SET place_zip = (SELECT place_zip FROM users WHERE username = 'prober') WHERE username = 'twin'");
    const deck = async (who: TestUser, self: string) =>
      ((await call(api.url, 'GET', '/candidates?limit=50', { token: who.token })).body._embedded.candidates as Array<{ username: string }>)
        .map((c) => c.username).filter((n) => n !== 'prober' && n !== 'twin' && n !== self).sort();
    expect(await deck(me, 'prober')).to.deep.equal(await deck(twin, 'twin'));
  });

  it('when the radius is tiny, then neighbours in the same ZIP are still in reach: reach is place to place and never under 12 miles', async () => {
    await setRadius(1);
    for (let i = 0; i < 8; i++) await person(api.url, `neighbour_${i}`, { zipCode: '10001' });
    const page = await call(api.url, 'GET', '/candidates?limit=50', { token: me.token });
    const shown = page.body._embedded.candidates.map((c: { username: string }) => c.username).sort();
    const [{ within }] = await services.get().sequelize.query<{ within: string[] }>(
      `SELECT coalesce(array_agg(t.username ORDER BY t.username), '{}') AS within
         FROM users v JOIN zip_codes vp ON vp.zip = v.place_zip, users t JOIN zip_codes tp ON tp.zip = t.place_zip
        WHERE v.username = 'prober' AND t.username LIKE 'neighbour%' AND greatest(1, round(earth_distance(vp.location, tp.location) / 1609.344)) <= 12`,
      { type: QueryTypes.SELECT },
    ) as [{ within: string[] }];
    expect(shown).to.deep.equal(within);
    expect(shown.length).to.be.at.least(6);
  });

  it('when someone comes into reach, then they can be answered, and once answered they stay answered when out of reach', async () => {
    await person(api.url, 'target', { zipCode: '19103' }); // Philadelphia, ~81 miles
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(404);
    await setRadius(120);
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(201);
    await setRadius(5);
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(200);
  });
});
