import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, signup, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('blocks', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 3, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '07030' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
  });
  const deck = async (who: TestUser) =>
    ((await call(api.url, 'GET', '/candidates?limit=50', { token: who.token })).body._embedded.candidates as Array<{ username: string }>).map((c) => c.username).sort();
  const block = (who: TestUser, username: string) => call(api.url, 'PUT', `/me/blocks/${username}`, { token: who.token });
  const match = async (a: TestUser, b: TestUser) => {
    await answer(api.url, a, b.username, 'like');
    return (await answer(api.url, b, a.username, 'like')).body._links.match.href as string;
  };

  it('when ana blocks ben, then neither sees the other anywhere in discovery, both ways, while cleo still sees both', async () => {
    expect(await deck(ana)).to.deep.equal(['ben', 'cleo']);
    const first = await block(ana, 'ben');
    expect(first.status).to.equal(201);
    expect(first.headers.get('location')).to.equal('/me/blocks/ben');
    expect(first.body).to.deep.include({ username: 'ben', _links: { self: { href: '/me/blocks/ben' } } });
    expect(first.body._templates.unblock).to.include({ method: 'DELETE', target: '/me/blocks/ben' });
    const again = await block(ana, 'BEN');
    expect([again.status, again.headers.get('location'), again.body.createdAt]).to.deep.equal([200, null, first.body.createdAt]);

    expect(await deck(ana)).to.deep.equal(['cleo']);
    expect(await deck(ben)).to.deep.equal(['cleo']);
    expect(await deck(cleo)).to.deep.equal(['ana', 'ben']);
    for (const [who, other] of [[ana, 'ben'], [ben, 'ana']] as const) {
      expect((await call(api.url, 'GET', `/candidates/${other}`, { token: who.token })).status, `${who.username} → ${other}`).to.equal(404);
      for (const verb of ['like', 'pass'] as const) {
        const reply = await answer(api.url, who, other, verb);
        expect([reply.status, reply.body.detail], `${who.username} ${verb}s ${other}`).to.deep.equal([404, `${other} is not one of your candidates.`]);
      }
    }
  });

  it('when cards are shown, then every candidate, match and match user carries block and report, and me links the blocks', async () => {
    const href = await match(ana, ben);
    const page = await call(api.url, 'GET', '/candidates', { token: ana.token });
    const card = page.body._embedded.candidates[0];
    expect(card.username).to.equal('cleo');
    expect(card._templates.block).to.deep.equal({ title: 'Block cleo', method: 'PUT', target: '/me/blocks/cleo', properties: [] });
    const report = card._templates.report;
    expect(report).to.include({ method: 'POST', target: '/me/blocks/cleo/report', contentType: 'application/json' });
    expect(report.properties.map((p: { name: string }) => p.name)).to.deep.equal(['reason', 'details']);
    expect(report.properties[0]).to.deep.include({ required: true, options: { inline: ['spam', 'harassment', 'fake profile', 'underage', 'inappropriate photos', 'other'], minItems: 1, maxItems: 1 } });
    expect(report.properties[1]).to.deep.include({ required: false, maxLength: 1000 });
    expect((await call(api.url, 'GET', '/candidates/cleo', { token: ana.token })).body._templates).to.have.keys('like', 'pass', 'block', 'report');
    const listed = (await call(api.url, 'GET', '/matches', { token: ana.token })).body._embedded.matches[0];
    for (const doc of [listed, listed._embedded.user, (await call(api.url, 'GET', href, { token: ana.token })).body, (await call(api.url, 'GET', `${href}/user`, { token: ana.token })).body]) {
      expect(doc._templates.block.target).to.equal('/me/blocks/ben');
      expect(doc._templates.report.target).to.equal('/me/blocks/ben/report');
    }
    expect((await call(api.url, 'GET', '/answers/ben', { token: ana.token })).body._templates.block.target).to.equal('/me/blocks/ben');
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body._links.blocks).to.deep.equal({ href: '/me/blocks' });
  });

  it('when the name is not someone one may block, then it is the same 404 whether they exist, are far away, incomplete or made up, and nothing is stored', async () => {
    await person(api.url, 'dora', { zipCode: '94103' });
    await signup(api.url, { username: 'eve' });
    const replies = await Promise.all(['dora', 'eve', 'nobody_here', 'ana'].map((name) => block(ana, name)));
    expect(replies.map((r) => [r.status, r.body.detail.replace(/^\w+/, 'X')])).to.deep.equal(Array(4).fill([404, 'X is not one of your candidates.']));
    const [{ n }] = await services.get().sequelize.query<{ n: number }>('SELECT count(*)::int AS n FROM blocks', { type: QueryTypes.SELECT });
    expect(n).to.equal(0);
    // An incomplete profile sees no one: a 404 too, not a 409.
    const fresh = await signup(api.url, { username: 'fred' });
    expect((await block(fresh, 'ana')).status).to.equal(404);
  });

  it('when someone answered moves out of reach, then they can still be blocked (answering is knowing them); someone who blocked you too', async () => {
    await answer(api.url, ana, 'ben', 'pass');
    await answer(api.url, cleo, 'ana', 'like');
    expect((await call(api.url, 'PATCH', '/me', { token: ben.token, json: { zipCode: '94103' } })).status).to.equal(200);
    expect((await block(ana, 'ben')).status).to.equal(201);
    // cleo liked ana and ana blocks cleo: cleo's like never becomes a match.
    expect((await block(ana, 'cleo')).status).to.equal(201);
    expect((await answer(api.url, ana, 'cleo', 'like')).status).to.equal(404);
    expect((await call(api.url, 'GET', '/matches', { token: cleo.token })).body.count).to.equal(0);
    // cleo answered ana, so cleo may block ana back, though ana is hidden from her.
    expect((await block(cleo, 'ana')).status).to.equal(201);
  });

  it('when matched people block, then the match ends for both: lists, match, user, messages, send and a held poll answer 404', async () => {
    const href = await match(ana, ben);
    const messages = `${href}/messages`;
    expect((await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'hi' } })).status).to.equal(201);
    const held = call(api.url, 'GET', `${messages}?after=999999&wait=20`, { token: ben.token });
    await until(() => api.notifier.waiting() === 1);
    const started = Date.now();
    expect((await block(ana, 'ben')).status).to.equal(201);
    expect((await held).status).to.equal(404);
    expect(Date.now() - started).to.be.lessThan(2000);
    for (const who of [ana, ben]) {
      expect((await call(api.url, 'GET', '/matches', { token: who.token })).body.count, who.username).to.equal(0);
      for (const path of [href, `${href}/user`, messages]) expect((await call(api.url, 'GET', path, { token: who.token })).status, `${who.username} ${path}`).to.equal(404);
      expect((await call(api.url, 'POST', messages, { token: who.token, json: { body: 'still there?' } })).status).to.equal(404);
    }
    const [row] = await services.get().sequelize.query<{ by: string }>(
      'SELECT u.username AS by FROM matches m JOIN users u ON u.id = m.ended_by WHERE m.ended_at IS NOT NULL',
      { type: QueryTypes.SELECT },
    );
    expect(row?.by).to.equal('ana');
  });

  it('when unblocked, then the block is gone but the ended match stays ended; people who never answered each other meet again', async () => {
    await match(ana, ben);
    await block(ana, 'ben');
    await block(ana, 'cleo');
    const list = await call(api.url, 'GET', '/me/blocks', { token: ana.token });
    expect(list.body.count).to.equal(2);
    expect(list.body._links).to.deep.equal({ self: { href: '/me/blocks' }, block: { href: '/me/blocks/{username}', templated: true } });
    expect(list.body._embedded.blocks.map((b: { username: string }) => b.username)).to.deep.equal(['ben', 'cleo']);
    expect((await call(api.url, 'GET', '/me/blocks/cleo', { token: ana.token })).status).to.equal(200);
    expect((await call(api.url, 'GET', '/me/blocks/ana', { token: cleo.token })).status).to.equal(404);
    // Only the blocker can lift a block.
    expect((await call(api.url, 'DELETE', '/me/blocks/ana', { token: cleo.token })).status).to.equal(404);
    for (const name of ['ben', 'cleo']) expect((await call(api.url, 'DELETE', `/me/blocks/${name}`, { token: ana.token })).status).to.equal(204);
    expect((await call(api.url, 'DELETE', '/me/blocks/ben', { token: ana.token })).status).to.equal(404);
    expect((await call(api.url, 'GET', '/me/blocks', { token: ana.token })).body.count).to.equal(0);
    expect((await call(api.url, 'GET', '/matches', { token: ana.token })).body.count).to.equal(0);
    expect(await deck(ana)).to.deep.equal(['cleo']);
    expect(await deck(cleo)).to.deep.equal(['ana', 'ben']);
  });

  it('when someone blocks more than a page of people, then the list pages through them by name with next', async () => {
    const crowd: string[] = [];
    for (let i = 0; i < 51; i += 1) crowd.push((await person(api.url, `p${String(i).padStart(2, '0')}`, { zipCode: '10001' })).username);
    for (const name of crowd) expect((await block(ana, name)).status, name).to.equal(201);
    const first = await call(api.url, 'GET', '/me/blocks', { token: ana.token });
    expect(first.body.count).to.equal(50);
    expect(first.body._links.next).to.deep.equal({ href: '/me/blocks?after=p49' });
    const second = await call(api.url, 'GET', first.body._links.next.href, { token: ana.token });
    expect(second.body._embedded.blocks.map((b: { username: string }) => b.username)).to.deep.equal(['p50']);
    expect(second.body._links.next).to.equal(undefined);
    expect((await call(api.url, 'GET', '/me/blocks?after=%20x', { token: ana.token })).body.errors).to.deep.equal([{ field: 'after', message: 'must be a username from a next link' }]);
  });
});
