import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
};

/**
 * The blocked person must not be able to tell a block from an unmatch: two identical pairs, one
 * ended by a block and one by an unmatch, and every answer the other side gets, compared.
 */
describe('a block, seen from the blocked side', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 3, messagesPerMinute: 1000 } } })));
  after(() => api.close());

  /** Status and body, with the two pairs' names, ids and times made alike. */
  const seen = (reply: Reply) => ({
    status: reply.status,
    body: reply.text
      .replace(/(ana|ben)_[bur]/g, '$1')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
      .replace(/after=\d+/g, 'after=N')
      .replace(/"id":\d+/g, '"id":N'),
  });

  async function story(tag: 'b' | 'u' | 'r', zips: [string, string], end: (ana: TestUser, match: string) => Promise<Reply>) {
    const ana = await person(api.url, `ana_${tag}`, { zipCode: zips[0] });
    const ben = await person(api.url, `ben_${tag}`, { zipCode: zips[1] });
    await answer(api.url, ana, ben.username, 'like');
    const match = (await answer(api.url, ben, ana.username, 'like')).body._links.match.href as string;
    const messages = `${match}/messages`;
    await call(api.url, 'POST', messages, { token: ana.token, json: { body: 'hi' } });
    const last = await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'hello' } });
    const waiting = api.notifier.waiting();
    const held = call(api.url, 'GET', `${messages}?after=${last.body.id}&wait=20`, { token: ben.token });
    await until(() => api.notifier.waiting() === waiting + 1);
    expect((await end(ana, match)).status).to.be.oneOf([201, 204]);
    const as = (method: string, path: string, json?: unknown) => call(api.url, method, path, { token: ben.token, json });
    const a = ana.username;
    const replies = [
      await held,
      await as('GET', '/matches'),
      await as('GET', match),
      await as('GET', `${match}/user`),
      await as('GET', messages),
      await as('GET', `${messages}?after=0&wait=1`),
      await as('POST', messages, { body: 'are you there?' }),
      await as('DELETE', match),
      await as('GET', '/candidates'),
      await as('GET', `/candidates/${a}`),
      await as('POST', `/candidates/${a}/like`),
      await as('POST', `/candidates/${a}/pass`),
      await as('GET', `/answers/${a}`),
      await as('GET', '/me/blocks'),
      await as('GET', `/me/blocks/${a}`),
      await as('POST', `/me/blocks/${a}/report`, { reason: 'spam' }),
      await as('PUT', `/me/blocks/${a}`),
      await as('GET', '/me/blocks'),
    ];
    return replies.map(seen);
  }

  it('when one pair ends by a block and an identical one by an unmatch, then every answer the other side gets is the same', async () => {
    const blocked = await story('b', ['10001', '07030'], (ana) => call(api.url, 'PUT', '/me/blocks/ben_b', { token: ana.token }));
    const unmatched = await story('u', ['90012', '90017'], (ana, match) => call(api.url, 'DELETE', match, { token: ana.token }));
    expect(blocked.map((r) => r.status)).to.deep.equal([404, 200, 404, 404, 404, 404, 404, 404, 200, 404, 200, 409, 200, 200, 404, 404, 201, 200]);
    blocked.forEach((reply, i) => expect(reply, `request ${i}`).to.deep.equal(unmatched[i]));
  });

  it('when one pair ends by a report and an identical one by an unmatch, then every answer the other side gets is the same too', async () => {
    const reported = await story('r', ['60601', '60614'], (ana) => call(api.url, 'POST', '/me/blocks/ben_r/report', { token: ana.token, json: { reason: 'harassment' } }));
    const unmatched = await story('u', ['90012', '90017'], (ana, match) => call(api.url, 'DELETE', match, { token: ana.token }));
    reported.forEach((reply, i) => expect(reply, `request ${i}`).to.deep.equal(unmatched[i]));
  });
});
