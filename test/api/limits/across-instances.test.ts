import { expect } from 'chai';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../../../api/config.js';
import { createSequelize } from '../../../api/db/sequelize.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, signup } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

// Two API instances, each with its own pool of connections (as two processes would have), over one
// database: every per-user limit is counted there, so a burst split between them gets what one would.
describe('per-user limits across two instances', () => {
  const { login } = loadConfig({ LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_IP: '50', LOGIN_SLOWDOWN_AFTER: '20', LOGIN_SLOWDOWN_SECONDS: '10' });
  const config = {
    trustProxy: 1,
    login,
    limits: { signupsPerIpPerHour: 1_000_000, zipChangesPerDay: 3, reportsPerDay: 3 },
    chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 30 },
  };
  const pools: Sequelize[] = [];
  let one: TestApi;
  let two: TestApi;
  before(async () => {
    pools.push(createSequelize(services.get().databaseUrl), createSequelize(services.get().databaseUrl));
    one = await startTestApi({ config, sequelize: pools[0] });
    two = await startTestApi({ config, sequelize: pools[1] });
  });
  after(async () => {
    await two.close();
    await one.close();
    await Promise.all(pools.map((p) => p.close()));
  });
  const either = (i: number) => (i % 2 ? two.url : one.url);

  it('when 60 sends arrive at once, half through each instance, then exactly the 30 a minute allows are sent and 30 get 429', async () => {
    const ana = await person(one.url, 'ana', { zipCode: '10001' });
    const ben = await person(two.url, 'ben', { zipCode: '10002' });
    await answer(one.url, ana, 'ben', 'like');
    const match = (await answer(two.url, ben, 'ana', 'like')).body._links.match.href as string;
    const statuses = (await Promise.all(Array.from({ length: 60 }, (_, i) => call(either(i), 'POST', `${match}/messages`, { token: ana.token, json: { body: `m${i}` } })))).map((r) => r.status);
    expect(count(statuses, 201)).to.equal(30);
    expect(count(statuses, 429)).to.equal(30);
  });

  it('when 10 different ZIP changes arrive at once through both instances, then exactly the 2 left today land', async () => {
    const ana = await person(one.url, 'ana', { zipCode: '10001' });
    const zips = ['10002', '10003', '10004', '10005', '10006', '10007', '10009', '10010', '10011', '10012'];
    const statuses = (await Promise.all(zips.map((zipCode, i) => call(either(i), 'PATCH', '/me', { token: ana.token, json: { zipCode } })))).map((r) => r.status);
    expect(count(statuses, 200)).to.equal(2);
    expect(count(statuses, 429)).to.equal(8);
  });

  it('when 100 wrong passwords arrive at once from one address, half through each instance, then at most 5 are checked (401) and the rest get 429', async () => {
    const victim = await signup(one.url);
    const statuses = (await Promise.all(Array.from({ length: 100 }, (_, i) =>
      call(either(i), 'POST', '/sessions', { json: { username: victim.username, password: `wrong guess ${i}` }, headers: { 'x-forwarded-for': '203.0.113.7' } })))).map((r) => r.status);
    expect(count(statuses, 401)).to.equal(5);
    expect(count(statuses, 429)).to.equal(95);
  });
});
