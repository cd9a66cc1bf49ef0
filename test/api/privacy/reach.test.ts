import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { answer, person, signup, type TestUser } from '../../helpers/factories.js';

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

  it('when someone comes into reach, then they can be answered, and once answered they stay answered when out of reach', async () => {
    await person(api.url, 'target', { zipCode: '06901' }); // Stamford, ~32 miles
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(404);
    await setRadius(60);
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(201);
    await setRadius(5);
    expect((await answer(api.url, me, 'target', 'like')).status).to.equal(200);
  });
});
