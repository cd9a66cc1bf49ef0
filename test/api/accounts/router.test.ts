import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup } from '../../helpers/factories.js';

describe('accounts: signup, login, logout', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { login: { maxFailures: 3, windowSeconds: 60, maxFailuresPerIp: 1000, slowdownAfter: 1000, slowdownSeconds: 10 } } })));
  after(() => api.close());

  describe('signup', () => {
    it('when the input is valid, creates the account, lower-cases the name and answers with a token', async () => {
      const reply = await call(api.url, 'POST', '/accounts', { json: { username: '  Ada_Lovelace ', email: 'Ada@Example.com', password: 'analytical engine', birthDate: '1990-05-17' } });
      expect(reply.status).to.equal(201);
      expect(reply.headers.get('location')).to.equal('/me');
      expect(reply.body.username).to.equal('ada_lovelace');
      expect(reply.body.token).to.be.a('string').that.matches(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(reply.body._links.me.href).to.equal('/me');
      const me = await call(api.url, 'GET', '/me', { token: reply.body.token });
      expect(me.body).to.include({ username: 'ada_lovelace', email: 'Ada@Example.com' });
    });

    it('when the username is taken in another case, answers 409 naming username', async () => {
      await signup(api.url, { username: 'grace' });
      const reply = await call(api.url, 'POST', '/accounts', { json: { username: 'GRACE', email: 'other@example.com', password: 'password123', birthDate: '1990-05-17' } });
      expect(reply.status).to.equal(409);
      expect(reply.body.errors).to.deep.equal([{ field: 'username', message: 'is already taken' }]);
    });

    it('when the email is taken in another case, answers 409 naming email', async () => {
      await signup(api.url, { username: 'first', email: 'same@example.com' });
      const reply = await call(api.url, 'POST', '/accounts', { json: { username: 'second', email: 'SAME@example.com', password: 'password123', birthDate: '1990-05-17' } });
      expect(reply.status).to.equal(409);
      expect(reply.body.errors).to.deep.equal([{ field: 'email', message: 'is already registered' }]);
    });

    it('when two signups race for one name, exactly one wins', async () => {
      const body = (i: number) => ({ json: { username: 'racer', email: `racer${i}@example.com`, password: 'password123', birthDate: '1990-05-17' } });
      const replies = await Promise.all([1, 2, 3, 4].map((i) => call(api.url, 'POST', '/accounts', body(i))));
      expect(replies.map((r) => r.status).sort()).to.deep.equal([201, 409, 409, 409]);
    });

    const invalid: Array<[string, Record<string, unknown>, string[]]> = [
      ['a short username', { username: 'ab', email: 'a@example.com', password: 'password123', birthDate: '1990-05-17' }, ['username']],
      ['a 31-character username', { username: 'a'.repeat(31), email: 'a@example.com', password: 'password123', birthDate: '1990-05-17' }, ['username']],
      ['a username with a dash', { username: 'ab-cd', email: 'a@example.com', password: 'password123', birthDate: '1990-05-17' }, ['username']],
      ['an invalid email', { username: 'abcd', email: 'not-an-email', password: 'password123', birthDate: '1990-05-17' }, ['email']],
      ['a 7-byte password', { username: 'abcd', email: 'a@example.com', password: 'seven77', birthDate: '1990-05-17' }, ['password']],
      ['a 73-byte password', { username: 'abcd', email: 'a@example.com', password: 'x'.repeat(73), birthDate: '1990-05-17' }, ['password']],
      ['a password of 25 three-byte characters (75 bytes)', { username: 'abcd', email: 'a@example.com', password: '€'.repeat(25), birthDate: '1990-05-17' }, ['password']],
      ['nothing at all', {}, ['username', 'email', 'password', 'birthDate']],
      ['a field that is not part of signup', { username: 'abcd', email: 'a@example.com', password: 'password123', birthDate: '1990-05-17', id: 'x' }, ['id']],
    ];
    for (const [what, json, fields] of invalid) {
      it(`when given ${what}, answers 422 naming ${fields.join(', ')}`, async () => {
        const reply = await call(api.url, 'POST', '/accounts', { json });
        expect(reply.status).to.equal(422);
        expect(reply.contentType).to.match(/^application\/problem\+json/);
        expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(fields);
      });
    }

    it('when the password is 72 bytes of multibyte text, accepts it', async () => {
      const reply = await call(api.url, 'POST', '/accounts', { json: { username: 'multibyte', email: 'm@example.com', password: '€'.repeat(24), birthDate: '1990-05-17' } });
      expect(reply.status).to.equal(201);
    });
  });

  describe('login', () => {
    it('when the password is right, answers 201 with a working token, by username or by email', async () => {
      const user = await signup(api.url, { username: 'linus', email: 'Linus@Example.com' });
      for (const name of ['linus', 'LINUS', 'linus@example.com']) {
        const reply = await call(api.url, 'POST', '/sessions', { json: { username: name, password: user.password } });
        expect(reply.status, name).to.equal(201);
        const me = await call(api.url, 'GET', '/me', { token: reply.body.token });
        expect(me.body.username).to.equal('linus');
      }
    });

    it('when the password is wrong or the user unknown, answers the same 401', async () => {
      const user = await signup(api.url);
      const wrong = await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: 'wrong password' } });
      const unknown = await call(api.url, 'POST', '/sessions', { json: { username: 'nobody_here', password: 'wrong password' } });
      expect(wrong.status).to.equal(401);
      expect(unknown.status).to.equal(401);
      expect(wrong.body).to.deep.equal(unknown.body);
    });

    it('when the name has a NUL or another control character, answers 422 naming username, never 500', async () => {
      for (const username of ['\u0000', 'a\u0000b', 'x@y\u0000', 'bell\u0007', '\ud800']) {
        const reply = await call(api.url, 'POST', '/sessions', { json: { username, password: 'password123' } });
        expect(reply.status, JSON.stringify(username)).to.equal(422);
        expect(reply.body.errors[0].field).to.equal('username');
      }
    });

    it('when a user is unknown, it still takes about as long as a wrong password (bcrypt runs either way)', async () => {
      const slow = await startTestApi({ config: { bcryptCost: 10 } });
      try {
        const user = await signup(slow.url);
        const time = async (username: string) => {
          const start = performance.now();
          await call(slow.url, 'POST', '/sessions', { json: { username, password: 'wrong password' } });
          return performance.now() - start;
        };
        await time('warm_up_unknown');
        const known = [await time(user.username), await time(user.username)].sort()[0]!;
        const unknown = [await time('nobody_a'), await time('nobody_b')].sort()[0]!;
        // cost 10 is ~60 ms of bcrypt; without the dummy compare an unknown user would answer in ~2 ms.
        expect(unknown).to.be.greaterThan(known * 0.5);
      } finally {
        await slow.close();
      }
    });

    it('when too many logins fail, answers 429 with Retry-After, even for the right password', async () => {
      const user = await signup(api.url);
      for (let i = 0; i < 3; i++) {
        expect((await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: 'nope nope' } })).status).to.equal(401);
      }
      const blocked = await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } });
      expect(blocked.status).to.equal(429);
      const retryAfter = Number(blocked.headers.get('retry-after'));
      expect(retryAfter).to.be.within(1, 60);
      expect(blocked.body).to.include({ status: 429, title: 'Too many requests' });
    });

    it('when the window has passed, logins are allowed again', async () => {
      let now = new Date('2026-01-01T00:00:00Z');
      const clockApi = await startTestApi({ clock: { now: () => now }, config: { login: { maxFailures: 2, windowSeconds: 60, maxFailuresPerIp: 1000, slowdownAfter: 1000, slowdownSeconds: 10 } } });
      try {
        const user = await signup(clockApi.url);
        await call(clockApi.url, 'POST', '/sessions', { json: { username: user.username, password: 'nope nope' } });
        await call(clockApi.url, 'POST', '/sessions', { json: { username: user.username, password: 'nope nope' } });
        expect((await call(clockApi.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).status).to.equal(429);
        now = new Date(now.getTime() + 61_000);
        expect((await call(clockApi.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).status).to.equal(201);
      } finally {
        await clockApi.close();
      }
    });

    it('when a success follows failures, the failure count starts again', async () => {
      const user = await signup(api.url);
      for (let round = 0; round < 2; round++) {
        await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: 'nope nope' } });
        await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: 'nope nope' } });
        expect((await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).status).to.equal(201);
      }
    });

    it('when fields are missing, answers 422 naming them', async () => {
      const reply = await call(api.url, 'POST', '/sessions', { json: { username: 'x' } });
      expect(reply.status).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['password']);
    });
  });

  describe('logout', () => {
    it('when logged out, that token is useless and other sessions keep working', async () => {
      const user = await signup(api.url);
      const other = (await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).body.token;
      expect((await call(api.url, 'DELETE', '/sessions/current', { token: user.token })).status).to.equal(204);
      const after = await call(api.url, 'GET', '/me', { token: user.token });
      expect(after.status).to.equal(401);
      expect(after.body._links.login.href).to.equal('/');
      expect((await call(api.url, 'GET', '/me', { token: other })).status).to.equal(200);
    });

    it('when anonymous, answers 401', async () => {
      expect((await call(api.url, 'DELETE', '/sessions/current')).status).to.equal(401);
    });
  });
});
