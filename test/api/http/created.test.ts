import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call, type Reply } from '../../helpers/http.js';
import { answer, person, signup, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { multipart } from '../../helpers/multipart.js';

describe('http: every 201 says where what it made is', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());

  /** A 201's Location, checked to answer GET (with the token) with the same resource it names. */
  const located = async (reply: Reply, token: string): Promise<Reply> => {
    expect(reply.status, reply.text).to.equal(201);
    const location = reply.headers.get('location');
    expect(location, 'Location').to.be.a('string');
    const there = await call(api.url, 'GET', location!, { token });
    expect(there.status, location!).to.equal(200);
    expect(there.body._links.self.href).to.equal(location);
    return there;
  };

  it('when signing up, then Location is the new profile', async () => {
    const reply = await call(api.url, 'POST', '/accounts', { json: { username: 'ana', email: 'ana@example.com', password: 'correct horse battery', birthDate: '1990-05-17' } });
    expect(reply.headers.get('location')).to.equal('/me');
    expect((await located(reply, reply.body.token)).body.username).to.equal('ana');
  });

  it('when logging in, then Location is the login made, which says whose it is and until when', async () => {
    const user = await signup(api.url);
    const reply = await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } });
    expect(reply.headers.get('location')).to.equal('/sessions/current');
    const session = await located(reply, reply.body.token);
    expect(session.body.username).to.equal(user.username);
    expect(Date.parse(session.body.expiresAt) - Date.now()).to.be.closeTo(api.config.tokenTtlSeconds * 1000, 60_000);
    expect(session.body._templates.logout).to.include({ method: 'DELETE', target: '/sessions/current' });
    expect(session.body).not.to.have.property('token');
  });

  it('when liking or passing for the first time, then Location is the answer, which a repeat (200) does not restate', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    const cleo = await person(api.url, 'cleo', { zipCode: '10002' });
    const liked = await answer(api.url, ana, 'ben', 'like');
    expect(liked.headers.get('location')).to.equal('/answers/ben');
    expect((await located(liked, ana.token)).body).to.deep.include({ username: 'ben', answer: 'like', matched: false });
    const repeated = await answer(api.url, ana, 'ben', 'like');
    expect(repeated.status).to.equal(200);
    expect(repeated.headers.get('location')).to.equal(null);
    const matched = await located(await answer(api.url, ben, 'ana', 'like'), ben.token);
    expect(matched.body).to.deep.include({ username: 'ana', answer: 'like', matched: true });
    expect(matched.body._links.match.href).to.match(/^\/matches\/[0-9a-f-]{36}$/);
    expect((await located(await answer(api.url, cleo, 'ana', 'pass'), cleo.token)).body).to.deep.include({ answer: 'pass', matched: false });
  });

  it('when asking for an answer one never gave, or someone else\'s, then 404', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    expect((await call(api.url, 'GET', '/answers/ana', { token: ben.token })).body.detail).to.equal('You have not answered ana.');
    expect((await call(api.url, 'GET', '/answers/nobody', { token: ben.token })).status).to.equal(404);
  });

  it('when photos are uploaded, then Location is the first new photo and the body is the collection, as Content-Location says', async () => {
    const user: TestUser = await signup(api.url);
    const upload = async (count: number) => {
      const files = await Promise.all(Array.from({ length: count }, async (_, i) => ({ filename: `p${i}.jpg`, data: await jpeg() })));
      const { body, contentType } = multipart(files);
      return call(api.url, 'POST', '/me/photos', { token: user.token, body, headers: { 'content-type': contentType } });
    };
    const one = await upload(1);
    expect(one.headers.get('content-location')).to.equal('/me/photos');
    expect((await located(one, user.token)).body.position).to.equal(1);
    const two = await upload(2);
    const first = await located(two, user.token);
    expect(first.body.position).to.equal(2);
    expect(two.body._embedded.photos[1].id).to.equal(first.body.id);
  });

  it('when a message is sent, then Location is the message', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    const match = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
    const sent = await call(api.url, 'POST', `${match}/messages`, { token: ana.token, json: { body: 'hello' } });
    expect((await located(sent, ben.token)).body).to.deep.include({ body: 'hello', from: 'ana', mine: false });
  });
});
