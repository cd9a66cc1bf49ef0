import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';

describe('messages: each message is a resource of its own', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let match: string;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    match = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
  });
  const get = (who: TestUser, href: string) => call(api.url, 'GET', href, { token: who.token });
  const send = (who: TestUser, body: string) => call(api.url, 'POST', `${match}/messages`, { token: who.token, json: { body } });

  it('when a message is sent or listed, then it has a self that answers GET with it to both people in the match', async () => {
    const sent = await send(ana, 'hi ben');
    expect(sent.body._links).to.deep.equal({ self: { href: `${match}/messages/${sent.body.id}` } });
    const listed = (await get(ben, `${match}/messages`)).body._embedded.messages[0];
    expect(listed._links.self.href).to.equal(sent.body._links.self.href);
    const forBen = await get(ben, listed._links.self.href);
    expect(forBen.status).to.equal(200);
    expect(forBen.body).to.deep.equal({ ...listed, mine: false });
    expect((await get(ana, listed._links.self.href)).body).to.deep.include({ body: 'hi ben', from: 'ana', mine: true });
  });

  it('when someone outside the match, or an id that is not in it, is asked for, then 404', async () => {
    const sent = await send(ana, 'hi ben');
    expect((await get(cleo, sent.body._links.self.href)).body.detail).to.equal('No such match among yours.');
    expect((await get(ben, `${match}/messages/${sent.body.id + 1}`)).body.detail).to.equal('No such message in this conversation.');
    expect((await get(ben, `${match}/messages/abc`)).status).to.equal(404);
    await answer(api.url, cleo, 'ana', 'like');
    const other = (await answer(api.url, ana, 'cleo', 'like')).body._links.match.href as string;
    expect((await get(ana, `${other}/messages/${sent.body.id}`)).status, 'a message of another match').to.equal(404);
  });

  it('when the match ends, then its messages are gone with it', async () => {
    const sent = await send(ana, 'hi ben');
    await call(api.url, 'DELETE', match, { token: ana.token });
    expect((await get(ben, sent.body._links.self.href)).status).to.equal(404);
  });

  it('when a message is read on its own, then it is not marked read (following the pages does that)', async () => {
    const sent = await send(ana, 'hi ben');
    await get(ben, sent.body._links.self.href);
    expect((await get(ben, match)).body.unread).to.equal(1);
  });
});
