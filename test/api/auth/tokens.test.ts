import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signup, type TestUser } from '../../helpers/factories.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth: which tokens open the API', () => {
  let api: TestApi;
  let user: TestUser;
  let claims: { sub: string; jti: string; iat: number; exp: number; iss: string; aud: string };
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    user = await signup(api.url);
    claims = jwt.decode(user.token) as typeof claims;
  });

  const me = (token: string) => call(api.url, 'GET', '/me', { token });
  const resign = (changes: object, options: jwt.SignOptions = { algorithm: 'HS256' }, secret: string = TEST_JWT_SECRET) =>
    jwt.sign({ ...claims, ...changes }, secret, options);

  it('when the token is the one login issued, opens /me', async () => {
    expect(claims).to.include({ iss: 'friender-api', aud: 'friender' });
    expect(claims.exp - claims.iat).to.equal(api.config.tokenTtlSeconds);
    expect((await me(user.token)).status).to.equal(200);
  });

  it('when re-signed with the same claims and key, still opens /me (the checks below are the only difference)', async () => {
    expect((await me(resign({}))).status).to.equal(200);
  });

  const rejected: Array<[string, () => string]> = [
    ['its signature is tampered', () => user.token.slice(0, -4) + (user.token.endsWith('AAAA') ? 'BBBB' : 'AAAA')],
    ['its payload is changed under the old signature', () => {
      const [h, , s] = user.token.split('.');
      return `${h}.${b64({ ...claims, sub: '00000000-0000-4000-8000-000000000000' })}.${s}`;
    }],
    ['it says alg none and has no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    ['it is signed with HS512 and the right key', () => resign({}, { algorithm: 'HS512' })],
    ['it is signed with HS384 and the right key', () => resign({}, { algorithm: 'HS384' })],
    ['it is signed with another key', () => resign({}, { algorithm: 'HS256' }, 'another-secret-that-is-long-enough-000000')],
    ['it expired a second ago', () => resign({ exp: Math.floor(Date.now() / 1000) - 1 })],
    ['it has no expiry', () => { const { exp: _exp, ...rest } = claims; return jwt.sign(rest, TEST_JWT_SECRET, { algorithm: 'HS256' }); }],
    ['it is for another audience', () => resign({ aud: 'someone-else' })],
    ['it is from another issuer', () => resign({ iss: 'someone-else' })],
    ['it names a session that does not exist', () => resign({ jti: '00000000-0000-4000-8000-000000000000' })],
    ['it names another user than its session', () => resign({ sub: '00000000-0000-4000-8000-000000000000' })],
    ['it is not a JWT at all', () => 'hello'],
  ];
  for (const [what, make] of rejected) {
    it(`when ${what}, answers 401 problem+json with a login link`, async () => {
      const reply = await me(make());
      expect(reply.status).to.equal(401);
      expect(reply.contentType).to.match(/^application\/problem\+json/);
      expect(reply.body).to.include({ status: 401, type: `${api.url}/problems/unauthorized` });
      expect(reply.body._links).to.deep.equal({ login: { href: '/' } });
      expect(reply.headers.get('www-authenticate')).to.match(/^Bearer/);
    });
  }

  it('when the token was logged out (revoked), answers 401', async () => {
    await call(api.url, 'DELETE', '/sessions/current', { token: user.token });
    expect((await me(user.token)).status).to.equal(401);
  });

  it('when the account was deleted, its token answers 401', async () => {
    expect((await call(api.url, 'DELETE', '/me', { token: user.token, json: { password: user.password } })).status).to.equal(204);
    expect((await me(user.token)).status).to.equal(401);
  });

  it('when no token is sent, answers 401 with a login link', async () => {
    const reply = await call(api.url, 'GET', '/me');
    expect(reply.status).to.equal(401);
    expect(reply.body._links.login.href).to.equal('/');
  });
});
