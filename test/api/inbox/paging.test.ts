import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

const MANY = 300;

/** 300 people matched with `username`, written straight to the database (600 likes through HTTP would take minutes). */
async function seedMatches(username: string): Promise<void> {
  await services.get().sequelize.query(
    `WITH people AS (
       INSERT INTO users (username, email, password_hash, zip_code, place_zip)
       SELECT 'p_' || lpad(i::text, 3, '0'), 'p_' || i || '@example.com', 'not a hash', '10002', '10002' FROM generate_series(1, $2) i
       RETURNING id, username
     ), me AS (SELECT id FROM users WHERE username = $1)
     INSERT INTO matches (user_a, user_b, created_at)
     SELECT least(me.id, p.id), greatest(me.id, p.id), now() - (substr(p.username, 3)::int * interval '1 minute') FROM me, people p`,
    { bind: [username, MANY] },
  );
}

describe('paging the inbox and the matches at 300 matches', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    await seedMatches('ana');
  });
  const get = (href: string) => call(api.url, 'GET', href, { token: ana.token });
  /** Follows `rel` from href to the end; every page's items, in order. */
  async function walk(href: string, list: 'matches' | 'conversations', rel: 'next' | 'prev' = 'next'): Promise<Array<Array<{ id: string; username: string }>>> {
    const pages = [];
    for (let at: string | undefined = href; at; ) {
      const reply = await get(at);
      expect(reply.status, reply.text).to.equal(200);
      pages.push(reply.body._embedded[list]);
      at = reply.body._links[rel]?.href;
      expect(pages.length).to.be.lessThan(100);
    }
    return pages;
  }

  it('when someone has 300 matches, then the first page of each is small and next walks them all once, newest activity first', async () => {
    // p_150 writes: that conversation moves to the top.
    const [m] = await services.get().sequelize.query<{ id: string }>(
      `SELECT m.id FROM matches m JOIN users u ON u.username = 'p_150' AND u.id IN (m.user_a, m.user_b)`, { type: QueryTypes.SELECT });
    await services.get().sequelize.query(`INSERT INTO messages (match_id, sender_id, body) SELECT $1, id, 'hello from 150' FROM users WHERE username = 'p_150'`, { bind: [m!.id] });
    const want = ['p_150', ...Array.from({ length: MANY }, (_, i) => `p_${String(i + 1).padStart(3, '0')}`).filter((n) => n !== 'p_150')];
    for (const [start, list] of [['/matches', 'matches'], ['/inbox', 'conversations']] as const) {
      const first = await get(start);
      expect(first.body.count, start).to.equal(20);
      expect(first.text.length, `${start}: a small first page`).to.be.lessThan(start === '/inbox' ? 20_000 : 120_000);
      expect(first.body._links, start).not.to.have.property('prev');
      const pages = await walk(start, list);
      expect(pages.map((p) => p.length)).to.deep.equal([...Array(15).fill(20)]);
      expect(pages.flat().map((x) => x.username), start).to.deep.equal(want);
    }
    const top = (await get('/inbox')).body._embedded.conversations[0];
    expect(top).to.deep.include({ id: m!.id, username: 'p_150', unread: 1, age: null });
    expect(top.lastMessage).to.deep.include({ from: 'p_150', preview: 'hello from 150' });
    expect(top._links).to.deep.equal({ self: { href: `/matches/${m!.id}` }, match: { href: `/matches/${m!.id}` }, messages: { href: `/matches/${m!.id}/messages` } });
    expect((await get('/inbox')).body._links.events.href).to.match(/^\/inbox\/events\?after=\d+$/);
  });

  it('when a page is reached by next, then prev leads back through the same pages, and limit sets the size', async () => {
    const forward = await walk('/inbox?limit=50', 'conversations');
    expect(forward.map((p) => p.length)).to.deep.equal([50, 50, 50, 50, 50, 50]);
    const third = await get('/inbox?limit=50');
    const second = await get(third.body._links.next.href);
    const back = await get(second.body._links.prev.href);
    expect(back.body._embedded.conversations.map((c: { id: string }) => c.id)).to.deep.equal(forward[0]!.map((c) => c.id));
    expect(back.body._links).not.to.have.property('prev');
    expect(back.body._links.next.href).to.equal(third.body._links.next.href);
    // From the last page all the way back: the same pages, in reverse.
    let lastHref = '/inbox?limit=50';
    for (let i = 0; i < 5; i += 1) lastHref = (await get(lastHref)).body._links.next.href;
    const last = await get(lastHref);
    expect(last.body._links).not.to.have.property('next');
    const backward = await walk(last.body._links.prev.href, 'conversations', 'prev');
    expect(backward.map((p) => p.map((c) => c.id))).to.deep.equal(forward.slice(0, 5).reverse().map((p) => p.map((c) => c.id)));
  });

  it('when limit or after is malformed, then 422 naming it', async () => {
    for (const path of ['/matches', '/inbox']) {
      for (const [query, field] of [['limit=0', 'limit'], ['limit=51', 'limit'], ['limit=x', 'limit'], ['after=junk', 'after'], ['after=bi4xMjM0LnRoaW5n', 'after']]) {
        const reply = await get(`${path}?${query}`);
        expect(reply.status, `${path}?${query}`).to.equal(422);
        expect(reply.body.errors[0].field).to.equal(field);
      }
    }
  });
});
