import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import * as demoUsers from '../../seeders/0001-demo-users.js';
import * as demoLikes from '../../seeders/0002-demo-likes.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { call } from '../helpers/http.js';
import { services } from '../helpers/services.js';

describe('seeder 0002-demo-likes', () => {
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
    await demoUsers.up(services.get().sequelize.getQueryInterface());
    console.error = savedConsoleError;
  });
  afterEach(() => {
    if (savedCost === undefined) delete process.env.BCRYPT_COST;
    else process.env.BCRYPT_COST = savedCost;
  });
  const answers = () =>
    services.get().sequelize.query<{ liked: boolean; n: number }>(
      "SELECT s.liked, count(*)::int AS n FROM swipes s JOIN users d ON d.id = s.swipee_id WHERE d.username = 'demo' GROUP BY s.liked ORDER BY s.liked",
      { type: QueryTypes.SELECT },
    );

  it('when run, then some demo users have liked the demo login, so liking them back as demo makes a match', async () => {
    await demoLikes.up(services.get().sequelize.getQueryInterface());
    const [passed, liked] = await answers();
    expect(liked!.n).to.be.greaterThan(60);
    expect(passed!.n).to.be.greaterThan(10);
    const [fan] = await services.get().sequelize.query<{ username: string }>(
      "SELECT u.username FROM swipes s JOIN users u ON u.id = s.swiper_id JOIN users d ON d.id = s.swipee_id WHERE d.username = 'demo' AND s.liked AND u.zip_code LIKE '1%' ORDER BY u.username LIMIT 1",
      { type: QueryTypes.SELECT },
    );
    const login = await call(api.url, 'POST', '/sessions', { json: { username: 'demo', password: 'friender-demo' } });
    const reply = await call(api.url, 'POST', `/candidates/${fan!.username}/like`, { token: login.body.token });
    expect([reply.status, reply.body.matched]).to.deep.equal([201, true]);
  });

  it('when run twice or undone, then nothing is duplicated and down removes only the seeded answers', async () => {
    const qi = services.get().sequelize.getQueryInterface();
    await demoLikes.up(qi);
    const once = await answers();
    await demoLikes.up(qi);
    expect(await answers()).to.deep.equal(once);
    await demoLikes.down(qi);
    expect(await answers()).to.deep.equal([]);
  });
});
