import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';

describe('people: the photos on a card are resources of their own', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let benPhotos: string[];
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    cleo = await person(api.url, 'cleo', { zipCode: '90210' });
    benPhotos = await addPhotos(api.url, ben.token, [await jpeg(), await jpeg(40, 60)]);
  });
  const get = (who: TestUser, href: string) => call(api.url, 'GET', href, { token: who.token });

  it('when a candidate has photos, then each embedded photo has a self under the card that answers GET with that photo', async () => {
    const card = (await get(ana, '/candidates')).body._embedded.candidates[0];
    const [first, second] = card._embedded.photos;
    expect(first._links.self.href).to.equal(`/candidates/ben/photos/${benPhotos[0]}`);
    expect(second._links.self.href).to.equal(`/candidates/ben/photos/${benPhotos[1]}`);
    const reply = await get(ana, second._links.self.href);
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ position: 2, width: 40, height: 60 });
    expect(Object.keys(reply.body._links)).to.deep.equal(['self', 'image', 'thumbnail']);
    expect(reply.body._links.self).to.deep.equal(second._links.self);
    expect((await fetch(reply.body._links.thumbnail.href)).status).to.equal(200);
  });

  it('when the card would not be shown to the asker, then its photos are the same 404', async () => {
    const href = `/candidates/ben/photos/${benPhotos[0]}`;
    expect((await get(cleo, href)).status, 'out of reach').to.equal(404);
    expect((await get(ben, href)).status, 'oneself').to.equal(404);
    expect((await get(ana, `/candidates/ben/photos/${(await addPhotos(api.url, cleo.token, [await jpeg()]))[0]}`)).status, 'someone else\'s photo').to.equal(404);
    expect((await get(ana, '/candidates/ben/photos/not-an-id')).status).to.equal(404);
    await answer(api.url, ana, 'ben', 'pass');
    expect((await get(ana, href)).status, 'answered').to.equal(404);
  });

  it('when matched, then the other user\'s photos have a self under the match that answers both, and nobody else', async () => {
    await answer(api.url, ana, 'ben', 'like');
    const match = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
    const embedded = (await get(ana, '/matches')).body._embedded.matches[0]._embedded.user._embedded.photos;
    expect(embedded.map((p: { _links: { self: { href: string } } }) => p._links.self.href)).to.deep.equal(benPhotos.map((id) => `${match}/user/photos/${id}`));
    const reply = await get(ana, embedded[0]._links.self.href);
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ position: 1, width: 64, height: 48 });
    expect((await get(cleo, embedded[0]._links.self.href)).status).to.equal(404);
    expect((await get(ben, embedded[0]._links.self.href)).status, 'their own photos are not the other user there').to.equal(404);
    await call(api.url, 'DELETE', match, { token: ben.token });
    expect((await get(ana, embedded[0]._links.self.href)).status, 'after unmatch').to.equal(404);
  });
});
