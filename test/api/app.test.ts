import { randomInt } from 'node:crypto';
import { expect } from 'chai';
import { loadConfig } from '../../api/config.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { call } from '../helpers/http.js';

describe('app: the client address behind proxies (TRUST_PROXY)', () => {
  const spoofed = () => Array.from({ length: 4 }, () => randomInt(1, 255)).join('.');
  let attempt = 0;

  /** An API configured the way an operator would: through the environment. */
  const apiWith = (env: NodeJS.ProcessEnv) => {
    // Only the per-address limit can answer 429: each attempt uses another account name.
    const config = loadConfig({ LOGIN_MAX_FAILURES_PER_IP: '3', LOGIN_MAX_FAILURES: '1000', ...env });
    return startTestApi({ config: { trustProxy: config.trustProxy, login: config.login } });
  };
  const wrongLogin = (api: TestApi, forwardedFor: string) => {
    attempt += 1;
    return call(api.url, 'POST', '/sessions', { json: { username: `nobody_${attempt}`, password: 'not the password' }, headers: { 'x-forwarded-for': forwardedFor } });
  };

  for (const value of ['1', 'true', 'loopback']) {
    it(`when TRUST_PROXY=${value} and a client writes its own X-Forwarded-For in front of the proxy's, then failures count against the address the proxy saw: the 4th gets 429`, async () => {
      const api = await apiWith({ TRUST_PROXY: value });
      try {
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await wrongLogin(api, `${spoofed()}, 10.9.8.7`)).status);
        expect(statuses).to.deep.equal([401, 401, 401, 429]);
        expect((await wrongLogin(api, `${spoofed()}, 10.9.8.8`)).status, 'another client behind the same proxy').to.equal(401);
      } finally {
        await api.close();
      }
    });
  }

  it('when TRUST_PROXY is not set, then X-Forwarded-For is ignored entirely: a new header each time gets no new allowance', async () => {
    const api = await apiWith({});
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await wrongLogin(api, `${spoofed()}, ${spoofed()}`)).status);
      expect(statuses).to.deep.equal([401, 401, 401, 429]);
    } finally {
      await api.close();
    }
  });
});
