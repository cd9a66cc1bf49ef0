import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, signup, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const count = async (sql: string, bind: unknown[] = []) =>
  (await services.get().sequelize.query<{ n: number }>(sql, { bind, type: QueryTypes.SELECT }))[0]!.n;

describe('candidates: like and pass', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
  });

  it('when liking a candidate, then answers 201 without a match until the like is returned', async () => {
    const reply = await answer(api.url, ana, 'ben', 'like');
    expect(reply.status).to.equal(201);
    expect(reply.body).to.deep.include({ username: 'ben', answer: 'like', matched: false });
    expect(reply.body._links.match).to.equal(undefined);
  });

  it('when the like is mutual, then exactly one match is made and the completing like links to it', async () => {
    await answer(api.url, ana, 'ben', 'like');
    const reply = await answer(api.url, ben, 'ana', 'like');
    expect(reply.status).to.equal(201);
    expect(reply.body.matched).to.equal(true);
    const match = await call(api.url, 'GET', reply.body._links.match.href, { token: ben.token });
    expect(match.status).to.equal(200);
    expect(match.body.username).to.equal('ana');
    expect(await count('SELECT count(*)::int AS n FROM matches')).to.equal(1);
  });

  it('when a like meets a pass, then there is no match', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    const reply = await answer(api.url, ben, 'ana', 'like');
    expect(reply.body.matched).to.equal(false);
    expect(await count('SELECT count(*)::int AS n FROM matches')).to.equal(0);
  });

  it('when the same answer is sent again, then it is harmless: 200, one swipe, the same match', async () => {
    await answer(api.url, ana, 'ben', 'like');
    const first = await answer(api.url, ben, 'ana', 'like');
    const again = await answer(api.url, ben, 'ana', 'like');
    expect(again.status).to.equal(200);
    expect(again.body._links.match).to.deep.equal(first.body._links.match);
    expect((await answer(api.url, ana, 'ben', 'like')).status).to.equal(200);
    expect(await count('SELECT count(*)::int AS n FROM swipes')).to.equal(2);
    expect(await count('SELECT count(*)::int AS n FROM matches')).to.equal(1);
  });

  it('when the answer is changed, then answers 409 and keeps the first one', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    const reply = await answer(api.url, ana, 'ben', 'like');
    expect(reply.status).to.equal(409);
    expect(reply.body.title).to.equal('Already answered');
    expect(await count('SELECT count(*)::int AS n FROM swipes WHERE liked')).to.equal(0);
  });

  it('when the user is not a candidate (too far, incomplete, unknown, yourself), then answers 404 and stores nothing', async () => {
    await person(api.url, 'far', { zipCode: '90012', friendRadius: 500 });
    await signup(api.url, { username: 'halfway' });
    for (const name of ['far', 'halfway', 'nobody_here', 'ana', '%2e%2e', 'x'.repeat(300)]) {
      const reply = await answer(api.url, ana, name, 'like');
      expect(reply.status, name).to.equal(404);
      expect(reply.contentType).to.include('problem+json');
    }
    expect(await count('SELECT count(*)::int AS n FROM swipes')).to.equal(0);
  });

  it('when the viewer is incomplete, then answers 409 naming what is missing', async () => {
    const newbie = await signup(api.url);
    const reply = await answer(api.url, newbie, 'ana', 'like');
    expect(reply.status).to.equal(409);
    expect(reply.body._links.me.href).to.equal('/me');
  });

  it('when anonymous or using another verb, then 401 and 405', async () => {
    expect((await call(api.url, 'POST', '/candidates/ben/like')).status).to.equal(401);
    expect((await call(api.url, 'GET', '/candidates/ben/like', { token: ana.token })).status).to.equal(405);
  });

  it('when many pairs like each other at the same instant, then each pair gets exactly one match and one reply says so', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => [await person(api.url, `left_${i}`, { zipCode: '10001' }), await person(api.url, `right_${i}`, { zipCode: '10001' })] as const),
    );
    const replies = await Promise.all(pairs.flatMap(([l, r]) => [answer(api.url, l, r.username, 'like'), answer(api.url, r, l.username, 'like')]));
    expect(replies.map((r) => r.status)).to.deep.equal(replies.map(() => 201));
    for (let i = 0; i < pairs.length; i += 1) {
      const matched = [replies[2 * i]!, replies[2 * i + 1]!].filter((r) => r.body.matched);
      expect(matched, `pair ${i}`).to.have.length(1);
    }
    expect(await count("SELECT count(*)::int AS n FROM matches m JOIN users a ON a.id = m.user_a WHERE a.username LIKE 'left_%' OR a.username LIKE 'right_%'")).to.equal(12);
  });
});
