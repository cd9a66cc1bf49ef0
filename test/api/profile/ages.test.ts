import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { signupComplete, type TestUser } from '../../helpers/factories.js';

describe('profile: the age range sought and mutual radius', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signupComplete(api.url)));

  const edit = (json: unknown) => call(api.url, 'PATCH', '/me', { token: user.token, json });
  const me = async () => (await call(api.url, 'GET', '/me', { token: user.token })).body;

  it('when new, then everyone from 18 to 99 is sought, mutual radius off, and the edit template offers all three with their limits', async () => {
    const body = await me();
    expect(body).to.deep.include({ minAge: 18, maxAge: 99, mutualRadius: false });
    const props = Object.fromEntries(body._templates.edit.properties.map((p: { name: string }) => [p.name, p]));
    expect(props.minAge).to.include({ type: 'number', step: 1, min: 18, max: 99, required: false, value: 18 });
    expect(props.maxAge).to.include({ type: 'number', step: 1, min: 18, max: 99, required: false, value: 99 });
    expect(props.mutualRadius).to.include({ type: 'checkbox', required: false, value: false });
  });

  it('when edited, then the range and mutual radius are stored and shown, and the template carries them as values', async () => {
    const reply = await edit({ minAge: 25, maxAge: 40, mutualRadius: true });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ minAge: 25, maxAge: 40, mutualRadius: true });
    const body = await me();
    expect(body).to.deep.include({ minAge: 25, maxAge: 40, mutualRadius: true });
    const values = Object.fromEntries(body._templates.edit.properties.map((p: { name: string; value?: unknown }) => [p.name, p.value]));
    expect(values).to.deep.include({ minAge: 25, maxAge: 40, mutualRadius: true });
    expect((await edit({ mutualRadius: false })).body.mutualRadius).to.equal(false);
  });

  it('when one end of the range is edited past the other as stored, then 422 naming that field and nothing changes', async () => {
    await edit({ minAge: 25, maxAge: 40 });
    const tooOld = await edit({ minAge: 41, bio: 'changed?' });
    expect(tooOld.status).to.equal(422);
    expect(tooOld.body.errors).to.deep.equal([{ field: 'minAge', message: 'must be at most the oldest age you want to meet (maxAge 40)' }]);
    const tooYoung = await edit({ maxAge: 24 });
    expect(tooYoung.status).to.equal(422);
    expect(tooYoung.body.errors).to.deep.equal([{ field: 'maxAge', message: 'must be at least the youngest age you want to meet (minAge 25)' }]);
    const both = await edit({ minAge: 50, maxAge: 30 });
    expect(both.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['minAge', 'maxAge']);
    expect(await me()).to.deep.include({ minAge: 25, maxAge: 40, bio: 'Board games and long walks.' });
    // Moving both ends at once past the old range is fine: the new pair is what is checked.
    expect((await edit({ minAge: 50, maxAge: 60 })).body).to.deep.include({ minAge: 50, maxAge: 60 });
    expect((await edit({ minAge: 60, maxAge: 60 })).body).to.deep.include({ minAge: 60, maxAge: 60 });
  });

  it('when two edits race, each fine alone but crossed together (minAge 60, maxAge 30), then one is refused and the range stays whole', async () => {
    await edit({ minAge: 25, maxAge: 40 });
    for (let round = 0; round < 5; round += 1) {
      await edit({ minAge: 25, maxAge: 40 });
      const [up, down] = await Promise.all([edit({ minAge: 35 + round }), edit({ maxAge: 30 - round })]);
      expect([up.status, down.status].sort()).to.deep.equal([200, 422]);
      const { minAge, maxAge } = await me();
      expect(minAge).to.be.at.most(maxAge);
    }
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a minAge of 17', { minAge: 17 }, 'minAge'],
    ['a maxAge of 100', { maxAge: 100 }, 'maxAge'],
    ['a minAge of 30.5', { minAge: 30.5 }, 'minAge'],
    ['a maxAge of null', { maxAge: null }, 'maxAge'],
    ['mutualRadius as "true"', { mutualRadius: 'true' }, 'mutualRadius'],
    ['mutualRadius as 1', { mutualRadius: 1 }, 'mutualRadius'],
  ];
  for (const [what, json, field] of invalid) {
    it(`when given ${what}, then 422 naming ${field}`, async () => {
      const reply = await edit(json);
      expect(reply.status).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([field]);
    });
  }
});
