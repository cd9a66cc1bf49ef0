import { expect } from 'chai';
import { loadConfig } from '../../../api/config.js';
import type { Clock } from '../../../api/clock.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, type TestUser } from '../../helpers/factories.js';

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

// Addresses come from X-Forwarded-For behind one trusted proxy, as in production.
describe('login limits, attacked', () => {
  let now = new Date('2026-11-27T12:00:00Z');
  const clock: Clock = { now: () => now };
  let api: TestApi;
  let victim: TestUser;
  before(async () => {
    const { login } = loadConfig({ LOGIN_MAX_FAILURES: '5', LOGIN_MAX_FAILURES_PER_IP: '50', LOGIN_SLOWDOWN_AFTER: '20', LOGIN_SLOWDOWN_SECONDS: '10' });
    api = await startTestApi({ clock, config: { trustProxy: 1, login } });
  });
  after(() => api.close());
  beforeEach(async () => {
    now = new Date(now.getTime() + 3600_000);
    victim = await signup(api.url);
  });
  const login = (username: string, password: string, from = '203.0.113.1') =>
    call(api.url, 'POST', '/sessions', { json: { username, password }, headers: { 'x-forwarded-for': from } });

  it('when 100 wrong passwords arrive at once from one address, then at most 5 are checked (401) and the rest get 429', async () => {
    const statuses = (await Promise.all(Array.from({ length: 100 }, (_, i) => login(victim.username, `wrong guess ${i}`)))).map((r) => r.status);
    expect(count(statuses, 401)).to.equal(5);
    expect(count(statuses, 429)).to.equal(95);
  });

  it('when the right password comes right after a burst of 29 wrong guesses, then it is refused (429)', async () => {
    const burst = await Promise.all(Array.from({ length: 29 }, (_, i) => login(victim.username, `wrong guess ${i}`)));
    expect(burst.filter((r) => r.status === 201)).to.have.length(0);
    const right = await login(victim.username, victim.password);
    expect(right.status).to.equal(429);
    expect(Number(right.headers.get('retry-after'))).to.be.within(1, 900);
  });

  it('when guesses alternate between the username and the email, then they count against the same account: past 5, even the right password is refused', async () => {
    for (let i = 0; i < 5; i++) expect((await login(i % 2 ? victim.email.toUpperCase() : victim.username, 'wrong guess')).status).to.equal(401);
    for (const name of [victim.email, victim.username]) {
      const refused = await login(name, victim.password);
      expect(refused.status, name).to.equal(401);
      expect(refused.body.token).to.equal(undefined);
    }
  });

  it('when a username is locked by its own failures, then its email answers exactly as an unrelated email: no 429 ties them together', async () => {
    const other = await signup(api.url);
    for (let i = 0; i < 5; i++) await login(victim.username, 'wrong guess');
    expect((await login(victim.username, 'wrong guess')).status).to.equal(429);
    const mine = await login(victim.email, 'wrong guess');
    const theirs = await login(other.email, 'wrong guess');
    expect([mine.status, theirs.status]).to.deep.equal([401, 401]);
    expect(mine.body).to.deep.equal(theirs.body);
  });

  it('when the guesses come from one IPv6 /64, then its addresses count as one', async () => {
    const statuses = [];
    for (let i = 1; i <= 8; i++) statuses.push((await login(victim.username, 'wrong guess', `2001:db8:1:2::${i.toString(16)}`)).status);
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429, 429, 429]);
    expect((await login(victim.username, 'wrong guess', '2001:db8:1:3::1')).status, 'another /64').to.equal(401);
  });

  it('when someone on the owner\'s shared address fails on many names, then the owner, known there, still logs in', async () => {
    expect((await login(victim.username, victim.password, '203.0.113.77')).status).to.equal(201);
    await Promise.all(Array.from({ length: 60 }, (_, i) => login(`made_up_${i}`, 'wrong guess', '203.0.113.77')));
    expect((await login('made_up_x', 'wrong guess', '203.0.113.77')).status, 'the address is over its limit').to.equal(429);
    expect((await login(victim.username, victim.password, '203.0.113.77')).status).to.equal(201);
  });

  it('when a stranger fails from elsewhere, then the owner at their own address still logs in', async () => {
    for (let i = 0; i < 10; i++) await login(victim.username, 'wrong guess', '198.51.100.7');
    expect((await login(victim.username, 'wrong guess', '198.51.100.7')).status).to.equal(429);
    expect((await login(victim.username, victim.password, '203.0.113.50')).status).to.equal(201);
  });

  it('when many addresses guess one name, then past 20 failures it takes one guess per 10 s from anywhere, and an address that logged in before is not slowed', async () => {
    expect((await login(victim.username, victim.password, '203.0.113.99')).status, 'the owner, earlier').to.equal(201);
    const botnet = (i: number) => `192.0.2.${i + 1}`;
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => login(victim.username, 'wrong guess', botnet(i))));
    const statuses = first.map((r) => r.status);
    expect(count(statuses, 401)).to.equal(20);
    expect(first.filter((r) => r.status === 429).every((r) => Number(r.headers.get('retry-after')) <= 10)).to.equal(true);
    expect((await login(victim.username, 'wrong guess', botnet(41))).status, 'still slowed').to.equal(429);
    now = new Date(now.getTime() + 10_000);
    expect((await login(victim.username, 'wrong guess', botnet(42))).status, 'one more after 10 s').to.equal(401);
    expect((await login(victim.username, 'wrong guess', botnet(43))).status).to.equal(429);
    expect((await login(victim.username, victim.password, '203.0.113.99')).status, 'the owner, from a known address').to.equal(201);
  });

  it('when the window has passed, then the address may try again', async () => {
    for (let i = 0; i < 5; i++) await login(victim.username, 'wrong guess');
    expect((await login(victim.username, victim.password)).status).to.equal(429);
    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    expect((await login(victim.username, victim.password)).status).to.equal(201);
  });

  it('when an unknown name is guessed, then it is limited the same way (nothing tells it apart from an account)', async () => {
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => login('no_such_user', 'wrong guess')))).map((r) => r.status);
    expect([count(statuses, 401), count(statuses, 429)]).to.deep.equal([5, 15]);
  });
});

describe('signup and account-delete limits, attacked', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { trustProxy: 1, limits: { signupsPerIpPerHour: 3, zipChangesPerDay: 3, reportsPerDay: 20 } } })));
  after(() => api.close());
  let n = 0;
  const signupFrom = (from: string) => {
    n += 1;
    return call(api.url, 'POST', '/accounts', { json: { username: `burst_${n}`, email: `burst_${n}@example.com`, password: 'correct horse battery', birthDate: '1990-05-17' }, headers: { 'x-forwarded-for': from } });
  };

  it('when 20 signups arrive at once from one address, then exactly 3 are made and the rest get 429 with Retry-After', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => signupFrom('198.51.100.20')));
    expect(count(replies.map((r) => r.status), 201)).to.equal(3);
    const refused = replies.find((r) => r.status === 429)!;
    // Up to a second over the hour: concurrent requests read the clock before they queue for the lock.
    expect(Number(refused.headers.get('retry-after'))).to.be.within(3000, 3601);
    expect(refused.body.detail).to.match(/Too many new accounts from your address/);
    expect((await signupFrom('198.51.100.21')).status, 'another address').to.equal(201);
  });

  it('when asking whether emails are registered, then each ask is a signup attempt: the 4th is 429 before anything is looked up', async () => {
    const taken = (await signupFrom('198.51.100.30')).body.username as string;
    const asks = [];
    for (let i = 0; i < 3; i++) {
      asks.push((await call(api.url, 'POST', '/accounts', { json: { username: `other_${i}_${n}`, email: `${taken}@example.com`, password: 'correct horse battery', birthDate: '1990-05-17' }, headers: { 'x-forwarded-for': '198.51.100.30' } })).status);
    }
    expect(asks).to.deep.equal([409, 409, 429]);
  });

  it('when 20 wrong passwords try to delete an account at once, then at most 5 are checked (422) and the rest get 429', async () => {
    const user = await signup(api.url);
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(api.url, 'DELETE', '/me', { token: user.token, json: { password: `wrong guess ${i}` } })),
    );
    const statuses = replies.map((r) => r.status);
    expect([count(statuses, 422), count(statuses, 429)]).to.deep.equal([5, 15]);
    expect((await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: user.password } })).status, 'even the right one, for now').to.equal(429);
    expect((await call(api.url, 'GET', '/me', { token: user.token })).status).to.equal(200);
  });
});
