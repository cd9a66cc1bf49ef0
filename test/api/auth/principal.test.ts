import { createSecretKey } from 'node:crypto';
import { expect } from 'chai';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthenticators } from '../../../api/auth/tokens.js';
import { modelsOf } from '../../../api/db/models.js';
import { systemClock } from '../../../api/clock.js';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../../helpers/api.js';
import { services } from '../../helpers/services.js';
import { call } from '../../helpers/http.js';
import { signupComplete } from '../../helpers/factories.js';

describe('auth: the logged-in user a request carries', () => {
  let api: TestApi;
  let probe: http.Server;
  let probeUrl: string;
  before(async () => {
    api = await startTestApi();
    const { sequelize } = services.get();
    const auth = createAuthenticators(
      { key: createSecretKey(Buffer.from(TEST_JWT_SECRET)), issuer: api.config.jwtIssuer, audience: api.config.jwtAudience, ttlSeconds: api.config.tokenTtlSeconds },
      systemClock,
      sequelize,
    );
    const app = express();
    app.get('/whoami', auth.required, async (req, res) => {
      const { User } = modelsOf(sequelize);
      const fresh = await User.findByPk(req.principal!.user.id);
      // The hash is compared here and never sent: the suite fails any response that carries one.
      const { passwordHash: carriedHash, ...carried } = req.principal!.user.get({ plain: true });
      const { passwordHash: freshHash, ...rest } = fresh!.get({ plain: true });
      res.json({ carried, fresh: rest, sameHash: carriedHash === freshHash, isNew: req.principal!.user.isNewRecord, sessionId: req.principal!.sessionId });
    });
    probe = http.createServer(app);
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((resolve) => probe.close(resolve));
    await api.close();
  });

  it('when a full profile logs in, the request carries every field exactly as the model reads it, as a stored (not new) record', async () => {
    const user = await signupComplete(api.url, {}, { prompts: [{ question: 'Teach me…', answer: 'to juggle' }], mutualRadius: true, minAge: 30, maxAge: 60 });
    await call(api.url, 'POST', '/me/snooze', { token: user.token, json: { until: new Date(Date.now() + 86_400_000).toISOString() } });
    const reply = await call(probeUrl, 'GET', '/whoami', { token: user.token });
    expect(reply.status).to.equal(200);
    const body = reply.body as { carried: Record<string, unknown>; fresh: Record<string, unknown>; sameHash: boolean; isNew: boolean; sessionId: string };
    expect(body.carried).to.deep.equal(body.fresh);
    expect(body.carried).to.include({ username: user.username, mutualRadius: true, minAge: 30, maxAge: 60, birthDate: '1990-05-17' });
    expect(body.carried.snoozedUntil).to.be.a('string');
    expect(body.sameHash).to.equal(true);
    expect(body.isNew).to.equal(false);
    expect(body.sessionId).to.match(/^[0-9a-f-]{36}$/);
  });
});
