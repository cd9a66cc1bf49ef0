import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, answer, milesShown, person, signup, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';

// Around Manhattan (10001): 10002 is ~2 miles, Hoboken 07030 ~3, Stamford 06901 ~32, Philadelphia 19103 ~81.
// Everyone is measured from their place (2–~5 miles from their ZIP), so only gaps wider than that are asserted.
describe('candidates', () => {
  let api: TestApi;
  let me: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    me = await person(api.url, 'viewer', { zipCode: '10001', friendRadius: 25, hobbies: ['chess', 'hiking', 'climbing'], interests: ['jazz', 'film'] });
  });
  const page = (query = '', token = me.token) => call(api.url, 'GET', `/candidates${query}`, { token });
  const names = (body: { _embedded: { candidates: Array<{ username: string }> } }) => body._embedded.candidates.map((c) => c.username);

  it('when the profile is complete, then lists other complete profiles within the radius only', async () => {
    await person(api.url, 'near_a', { zipCode: '10002' });
    await person(api.url, 'near_b', { zipCode: '07030' });
    await person(api.url, 'too_far', { zipCode: '19103', friendRadius: 500 });
    await signup(api.url, { username: 'unfinished' });
    const reply = await page();
    expect(reply.status).to.equal(200);
    expect(names(reply.body).sort()).to.deep.equal(['near_a', 'near_b']);
    expect(reply.body.radius).to.equal(25);
  });

  it('when ranking, then most shared hobbies and interests come first, then the nearest', async () => {
    await call(api.url, 'PATCH', '/me', { token: me.token, json: { friendRadius: 50 } });
    await person(api.url, 'shares_3_far', { zipCode: '06901', hobbies: ['chess', 'hiking'], interests: ['jazz'] });
    await person(api.url, 'shares_1_far', { zipCode: '06901', hobbies: ['chess'], interests: ['opera'] });
    await person(api.url, 'shares_1_near', { zipCode: '10002', hobbies: ['rowing'], interests: ['film'] });
    await person(api.url, 'shares_0', { zipCode: '10001', hobbies: ['rowing'], interests: ['opera'] });
    // A hobby named like one of my interests is not shared: hobbies match hobbies.
    await person(api.url, 'cross_named', { zipCode: '10001', hobbies: ['jazz'], interests: ['chess'] });
    const reply = await page('?limit=50', me.token);
    expect(names(reply.body).slice(0, 3)).to.deep.equal(['shares_3_far', 'shares_1_near', 'shares_1_far']);
    // Same score: nearest first, but both after everyone who shares something.
    expect(names(reply.body).slice(3).sort()).to.deep.equal(['cross_named', 'shares_0']);
    const first = reply.body._embedded.candidates[0];
    expect(first.shared).to.deep.equal({ hobbies: ['chess', 'hiking'], interests: ['jazz'] });
    expect(first.distance).to.equal(await milesShown('viewer', 'shares_3_far'));
    expect(first.distance).to.be.within(20, 45);
  });

  it('when showing a candidate, then gives words, shared tags, whole miles and photo links — never ZIP, email or coordinates', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '07030', bio: 'Hi!', hobbies: ['chess'], interests: ['jazz', 'tea'] });
    await addPhotos(api.url, ana.token, [await jpeg(400, 300), await jpeg(300, 400)]);
    const reply = await page();
    const [card] = reply.body._embedded.candidates;
    expect(Object.keys(card).sort()).to.deep.equal(['_embedded', '_links', '_templates', 'age', 'bio', 'distance', 'hobbies', 'interests', 'prompts', 'shared', 'username']);
    expect(card).to.deep.include({ username: 'ana', bio: 'Hi!', hobbies: ['chess'], interests: ['jazz', 'tea'], shared: { hobbies: ['chess'], interests: ['jazz'] } });
    expect(card.distance).to.equal(await milesShown('viewer', 'ana'));
    expect(card.distance).to.be.within(1, 15);
    expect(card._links.self.href).to.equal('/candidates/ana');
    expect(card._templates.like).to.include({ method: 'POST', target: '/candidates/ana/like' });
    expect(card._templates.pass).to.include({ method: 'POST', target: '/candidates/ana/pass' });
    expect(card._embedded.photos.map((p: { position: number; width: number }) => [p.position, p.width])).to.deep.equal([[1, 400], [2, 300]]);
    const thumb = await fetch(card._embedded.photos[0]._links.thumbnail.href);
    expect([thumb.status, thumb.headers.get('content-type')]).to.deep.equal([200, 'image/jpeg']);
    expect(reply.text).not.to.match(/07030|10001|zipCode|latitude|longitude|@example\.com|"email"/);
  });

  it('when paging with limit, then next walks every candidate exactly once and the last page has no next', async () => {
    for (let i = 0; i < 7; i += 1) await person(api.url, `p_${i}`, { zipCode: i % 2 ? '10002' : '10001', hobbies: i < 3 ? ['chess'] : ['rowing'] });
    const seen: string[] = [];
    let href: string | undefined = '/candidates?limit=3';
    let pages = 0;
    while (href) {
      const reply = await call(api.url, 'GET', href, { token: me.token });
      expect(reply.status).to.equal(200);
      seen.push(...names(reply.body));
      href = reply.body._links.next?.href;
      pages += 1;
    }
    expect(pages).to.equal(3);
    expect(seen).to.have.length(7);
    expect(new Set(seen).size).to.equal(7);
  });

  it('when someone has been answered, then they are never shown again', async () => {
    await person(api.url, 'liked_one', { zipCode: '10002' });
    await person(api.url, 'passed_one', { zipCode: '10002' });
    await person(api.url, 'fresh', { zipCode: '10002' });
    expect((await answer(api.url, me, 'liked_one', 'like')).status).to.equal(201);
    expect((await answer(api.url, me, 'passed_one', 'pass')).status).to.equal(201);
    expect(names((await page()).body)).to.deep.equal(['fresh']);
    expect((await call(api.url, 'GET', '/candidates/liked_one', { token: me.token })).status).to.equal(404);
    expect((await call(api.url, 'GET', '/candidates/fresh', { token: me.token })).status).to.equal(200);
  });

  it('when the profile is incomplete, then answers 409 naming what is missing with a link to me', async () => {
    const newbie = await signup(api.url);
    const reply = await page('', newbie.token);
    expect(reply.status).to.equal(409);
    expect(reply.contentType).to.include('application/problem+json');
    expect(reply.body.title).to.equal('Profile incomplete');
    expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['hobbies', 'interests', 'zipCode', 'friendRadius']);
    expect(reply.body._links.me.href).to.equal('/me');
  });

  it('when the query is bad, then answers 422 naming the parameter', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=51', 'limit'],
      ['?limit=ten', 'limit'],
      ['?limit=1&limit=2', 'limit'],
      ['?after=not-a-cursor', 'after'],
      ['?sort=name', 'sort'],
    ]) {
      const reply = await page(query);
      expect(reply.status, query).to.equal(422);
      expect(reply.body.errors[0].field, query).to.equal(field);
    }
  });

  it('when anonymous, then answers 401', async () => {
    expect((await call(api.url, 'GET', '/candidates')).status).to.equal(401);
    expect((await call(api.url, 'GET', '/candidates/ana')).status).to.equal(401);
  });

});
