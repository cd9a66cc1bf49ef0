import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { services } from '../../helpers/services.js';

interface Stored {
  reporter_username: string;
  reported_username: string;
  reason: string;
  details: string;
  evidence: { seenAs: string; profile: Record<string, unknown>; messages: Array<{ from: string; body: string; sentAt: string }> };
}

const stored = () => services.get().sequelize.query<Stored>('SELECT * FROM reports ORDER BY created_at', { type: QueryTypes.SELECT });
const count = async (table: 'reports' | 'blocks') =>
  (await services.get().sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`, { type: QueryTypes.SELECT }))[0]!.n;

describe('reports', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 3, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '07030', bio: 'Chess in the park.' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
  });
  const report = (who: TestUser, username: string, json: unknown = { reason: 'harassment', details: 'Rude.' }) =>
    call(api.url, 'POST', `/me/blocks/${username}/report`, { token: who.token, json });
  const match = async (a: TestUser, b: TestUser) => {
    await answer(api.url, a, b.username, 'like');
    return (await answer(api.url, b, a.username, 'like')).body._links.match.href as string;
  };

  it('when a match is reported after 60 messages, then the report keeps the card as shown and the 50 newest messages of that conversation only, and blocks', async () => {
    const [photo] = await addPhotos(api.url, ben.token, [await jpeg()]);
    const href = await match(ana, ben);
    const other = await match(cleo, ben);
    await call(api.url, 'POST', `${other}/messages`, { token: ben.token, json: { body: 'to cleo, not ana' } });
    for (let i = 1; i <= 60; i += 1) {
      const from = i % 2 ? ben : ana;
      expect((await call(api.url, 'POST', `${href}/messages`, { token: from.token, json: { body: `message ${i}` } })).status).to.equal(201);
    }
    const shown = (await call(api.url, 'GET', `${href}/user`, { token: ana.token })).body;
    const reply = await report(ana, 'ben', { reason: 'harassment', details: '  Kept insulting me.  ' });
    expect(reply.status).to.equal(201);
    expect(reply.headers.get('location')).to.equal(`/me/reports/${reply.body.id}`);
    expect(reply.body).to.deep.include({ username: 'ben', reason: 'harassment', details: 'Kept insulting me.', blocked: true });
    expect(reply.body._links).to.deep.include({ self: { href: `/me/reports/${reply.body.id}` }, block: { href: '/me/blocks/ben' } });

    const [row] = await stored();
    expect(row).to.deep.include({ reporter_username: 'ana', reported_username: 'ben', reason: 'harassment', details: 'Kept insulting me.' });
    const { _links: _l, _embedded: _e, _templates: _t, ...card } = shown;
    expect(row!.evidence.seenAs).to.equal('match');
    expect(row!.evidence.profile).to.deep.equal({ ...card, photos: [photo] });
    expect(row!.evidence.profile).to.include({ username: 'ben', bio: 'Chess in the park.' });
    expect(row!.evidence.messages.map((m) => m.body)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `message ${i + 11}`));
    expect(row!.evidence.messages[0]).to.include({ from: 'ben' }).and.to.have.keys('from', 'body', 'sentAt');
    const text = JSON.stringify(row!.evidence);
    for (const secret of ['to cleo', 'ben@example.com', '07030', 'zipCode', 'email', 'birth', '1990', 'place']) expect(text, secret).not.to.include(secret);

    // Reporting blocked them: the match is over for both, ben is gone from ana's lists and she from his.
    expect((await call(api.url, 'GET', '/matches', { token: ana.token })).body.count).to.equal(0);
    expect((await call(api.url, 'GET', '/matches', { token: ben.token })).body._embedded.matches.map((m: { username: string }) => m.username)).to.deep.equal(['cleo']);
    expect((await call(api.url, 'GET', href, { token: ben.token })).status).to.equal(404);
    expect((await call(api.url, 'GET', '/me/blocks/ben', { token: ana.token })).status).to.equal(200);
    expect((await call(api.url, 'GET', reply.body._links.self.href, { token: ana.token })).body).to.deep.include({ username: 'ben', reason: 'harassment' });
    for (const who of [ben, cleo]) expect((await call(api.url, 'GET', reply.body._links.self.href, { token: who.token })).status).to.equal(404);
  });

  it('when a candidate is reported, then the evidence is their card on the deck and no messages', async () => {
    const shown = (await call(api.url, 'GET', '/candidates/ben', { token: ana.token })).body;
    const reply = await report(ana, 'ben', { reason: 'fake profile' });
    expect([reply.status, reply.body.details]).to.deep.equal([201, '']);
    const [row] = await stored();
    const { _links: _l, _embedded: _e, _templates: _t, ...card } = shown;
    expect(row!.evidence).to.deep.equal({ seenAs: 'candidate', profile: { ...card, photos: [] }, messages: [] });
    expect((await call(api.url, 'GET', '/candidates/ana', { token: ben.token })).status).to.equal(404);
  });

  it('when the reporter cannot see the person, then it is the 404 of a non-candidate and nothing is stored', async () => {
    await person(api.url, 'dora', { zipCode: '94103' });
    await answer(api.url, ana, 'cleo', 'pass');
    await call(api.url, 'PUT', '/me/blocks/ana', { token: ben.token });
    const [{ n: blocksBefore }] = [{ n: await count('blocks') }];
    // Far away, unknown, answered (so off the deck), blocked by them, oneself.
    for (const name of ['dora', 'nobody_here', 'cleo', 'ben', 'ana']) {
      const reply = await report(ana, name);
      expect([reply.status, reply.body.detail], name).to.deep.equal([404, `${name} is not one of your candidates.`]);
    }
    expect([await count('reports'), await count('blocks')]).to.deep.equal([0, blocksBefore]);
  });

  it('when a report is not valid, then it is a 422 naming the field and nothing is stored', async () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'reason'],
      [{ reason: 'rude' }, 'reason'],
      [{ reason: 'spam', details: 'x'.repeat(1001) }, 'details'],
      [{ reason: 'spam', details: 'bad\u0007bell' }, 'details'],
      [{ reason: 'spam', details: 'hid\u200bden' }, 'details'],
      [{ reason: 'spam', evidence: {} }, 'evidence'],
    ];
    for (const [json, field] of cases) {
      const reply = await report(ana, 'ben', json);
      expect([reply.status, reply.body.errors?.[0]?.field], JSON.stringify(json)).to.deep.equal([422, field]);
    }
    expect([await count('reports'), await count('blocks')]).to.deep.equal([0, 0]);
    expect((await report(ana, 'ben', { reason: 'other', details: 'x'.repeat(1000) })).status).to.equal(201);
  });
});

describe('reports, described', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  it('when the service description is read, then the report body is the schema the template is built from, and block is a PUT', async () => {
    const doc = (await call(api.url, 'GET', '/openapi.json', { headers: { accept: 'application/json' } })).body;
    const schema = doc.paths['/me/blocks/{username}/report'].post.requestBody.content['application/json'].schema;
    expect(schema.additionalProperties).to.equal(false);
    expect(schema.required).to.deep.equal(['reason']);
    expect(schema.properties.reason.enum).to.deep.equal(['spam', 'harassment', 'fake profile', 'underage', 'inappropriate photos', 'other']);
    expect(schema.properties.details.maxLength).to.equal(1000);
    expect(Object.keys(doc.paths['/me/blocks/{username}'])).to.have.members(['get', 'put', 'delete']);
  });
});

describe('reports, limited', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { limits: { signupsPerIpPerHour: 1_000_000, zipChangesPerDay: 3, reportsPerDay: 3 } } })));
  after(() => api.close());

  it('when someone sends a burst of reports, then only the day\'s allowance is taken and the rest are 429 with Retry-After, storing nothing', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const names = ['pal1', 'pal2', 'pal3', 'pal4', 'pal5', 'pal6'];
    for (const name of names) await person(api.url, name, { zipCode: '10002' });
    const replies = await Promise.all(names.map((name) => call(api.url, 'POST', `/me/blocks/${name}/report`, { token: ana.token, json: { reason: 'spam' } })));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([201, 201, 201, 429, 429, 429]);
    for (const refused of replies.filter((r) => r.status === 429)) {
      expect(Number(refused.headers.get('retry-after'))).to.be.within(86_000, 86_400);
      expect(refused.body.type).to.match(/\/problems\/too-many-requests$/);
    }
    expect([await count('reports'), await count('blocks')]).to.deep.equal([3, 3]);
    // Blocking alone is not limited: it is how one gets away from someone.
    const left = (await call(api.url, 'GET', '/candidates?limit=50', { token: ana.token })).body._embedded.candidates;
    expect(left).to.have.length(3);
    for (const c of left) expect((await call(api.url, 'PUT', `/me/blocks/${c.username}`, { token: ana.token })).status).to.equal(201);
  });
});
