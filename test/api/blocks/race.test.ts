import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const ROUNDS = 12;

describe('blocks, raced against likes', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  const liveMatches = async (a: string, b: string) => {
    const [{ n }] = await services.get().sequelize.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM matches m JOIN users x ON x.id IN (m.user_a, m.user_b) JOIN users y ON y.id IN (m.user_a, m.user_b)
        WHERE m.ended_at IS NULL AND x.username = $1 AND y.username = $2`,
      { bind: [a, b], type: QueryTypes.SELECT },
    );
    return n;
  };

  for (const blocker of ['the one liked', 'the one liking'] as const) {
    it(`when ${blocker} blocks at the very instant of the like that would match, then no live match ever stands between them (${ROUNDS} rounds)`, async () => {
      const outcomes = new Set<string>();
      for (let round = 0; round < ROUNDS; round += 1) {
        const ana = await person(api.url, `ana${round}`, { zipCode: '10001' });
        const ben = await person(api.url, `ben${round}`, { zipCode: '10002' });
        await answer(api.url, ben, ana.username, 'like');
        const [by, target] = blocker === 'the one liked' ? [ben, ana] : [ana, ben];
        const [liked, blocked] = await Promise.all([
          answer(api.url, ana, ben.username, 'like'),
          call(api.url, 'PUT', `/me/blocks/${target.username}`, { token: by.token }),
        ]);
        expect(blocked.status, `round ${round}`).to.equal(201);
        expect(liked.status, `round ${round}`).to.be.oneOf([201, 404]);
        outcomes.add(liked.status === 201 ? `matched ${liked.body.matched}` : 'refused');
        expect(await liveMatches(ana.username, ben.username), `round ${round}`).to.equal(0);
        for (const [who, other] of [[ana, ben], [ben, ana]] as const) {
          expect((await call(api.url, 'GET', '/matches', { token: who.token })).body.count, `round ${round}`).to.equal(0);
          expect((await answer(api.url, who, other.username, 'like')).body.matched ?? false, `round ${round}`).to.equal(false);
        }
      }
      // Either order may win a round; whichever did, the outcome held.
      expect([...outcomes].every((o) => o === 'refused' || o === 'matched true')).to.equal(true);
    });
  }
});
