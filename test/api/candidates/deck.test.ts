import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { CANDIDATES_SQL } from '../../../api/candidates/service.js';
import { positional, ruleBinds } from '../../../api/candidates/rules.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { services } from '../../helpers/services.js';

// Around Hoboken/Manhattan: all within one another's 25 miles.
const ZIPS = ['07030', '10001', '10002', '10003', '07302', '11201', '10011', '10014'];

describe('candidates: each viewer\'s ranked deck', function () {
  this.timeout(60_000);
  let api: TestApi;
  let now = new Date();
  // A deck of 5, ranked again after 10 minutes: a walk of 16 people crosses several rankings.
  before(async () => (api = await startTestApi({ clock: { now: () => now }, config: { deck: { size: 5, ttlSeconds: 600 } } })));
  after(() => api.close());
  beforeEach(() => (now = new Date()));

  let viewer: TestUser;
  let names: string[];
  let people: Map<string, TestUser>;
  /** The viewer and n others; hobbies vary so shared tags (the first sort key) vary too. */
  async function crowd(n: number): Promise<void> {
    viewer = await person(api.url, 'deck_viewer', { zipCode: '10001', hobbies: ['chess', 'hiking', 'jazz'], friendRadius: 25 });
    names = [];
    people = new Map();
    for (let i = 0; i < n; i += 1) {
      const hobbies = ['chess', 'hiking', 'jazz'].slice(0, i % 4).concat(['knitting']);
      const someone = await person(api.url, `deck_p${String(i).padStart(2, '0')}`, { zipCode: ZIPS[i % ZIPS.length], hobbies });
      names.push(someone.username);
      people.set(someone.username, someone);
    }
  }

  /** Every name following next from `href` (the first page, `limit` a page, unless given). */
  async function walk(who: TestUser, limit = 3, from = `/candidates?limit=${limit}`): Promise<string[]> {
    const seen: string[] = [];
    let href: string | undefined = from;
    while (href) {
      const reply = await call(api.url, 'GET', href, { token: who.token });
      expect(reply.status, reply.text).to.equal(200);
      seen.push(...(reply.body._embedded?.candidates ?? []).map((c: { username: string }) => c.username));
      href = reply.body._links.next?.href;
    }
    return seen;
  }

  /** The viewer's deck build: where its ranking started (null: before everyone) and whether it reaches the end. */
  async function buildOf(who: TestUser): Promise<{ from_id: string | null; complete: boolean } | undefined> {
    const [build] = await services.get().sequelize.query<{ from_id: string | null; complete: boolean }>(
      'SELECT b.from_id, b.complete FROM deck_builds b JOIN users u ON u.id = b.viewer_id WHERE u.username = $1',
      { bind: [who.username], type: QueryTypes.SELECT },
    );
    return build;
  }

  /** The whole deck as the one ranking query orders it now (what a page showed before decks). */
  async function ranked(who: TestUser): Promise<string[]> {
    const { sequelize } = services.get();
    const [me] = await sequelize.query<{ id: string }>('SELECT id FROM users WHERE username = $1', { bind: [who.username], type: QueryTypes.SELECT });
    const q = positional(CANDIDATES_SQL, { ...ruleBinds(me!.id, now), limit: 1000, score: null, miles: null, after: null });
    const rows = await sequelize.query<{ id: string }>(q.text, { bind: q.values, type: QueryTypes.SELECT });
    const byId = await sequelize.query<{ id: string; username: string }>('SELECT id, username FROM users', { type: QueryTypes.SELECT });
    const name = new Map(byId.map((u) => [u.id, u.username]));
    return rows.map((r) => name.get(r.id)!);
  }

  it('when following next through many rankings, then everyone in reach is shown exactly once, in the order one ranking of everyone gives', async () => {
    await crowd(16);
    const seen = await walk(viewer);
    expect(seen).to.have.length(16);
    expect(new Set(seen).size).to.equal(16);
    expect(seen).to.deep.equal(await ranked(viewer));
  });

  it('when following next to the end, then the first deck is only ever extended after its last row, never ranked anew from a page\'s cursor', async () => {
    await crowd(16);
    expect(await walk(viewer)).to.have.length(16);
    // A deck ranked anew starts at the cursor that asked for it; the first one starts before everyone.
    expect(await buildOf(viewer)).to.deep.equal({ from_id: null, complete: true });
  });

  it('when the next many deck rows have all been answered since the ranking, then a page reads on past them, slice by slice, and is full', async () => {
    const big = await startTestApi({ clock: { now: () => now }, config: { deck: { size: 40, ttlSeconds: 600 } } });
    try {
      await crowd(30);
      const order = await ranked(viewer);
      const first = await call(big.url, 'GET', '/candidates?limit=2', { token: viewer.token });
      expect(first.body._embedded.candidates.map((c: { username: string }) => c.username)).to.deep.equal(order.slice(0, 2));
      // More than one slice's worth (a page of 3 reads 20 rows at a time) answered, straight after the cursor.
      for (const name of order.slice(2, 26)) expect((await answer(big.url, viewer, name, 'pass')).status).to.equal(201);
      const next = await call(big.url, 'GET', first.body._links.next.href.replace('limit=2', 'limit=3'), { token: viewer.token });
      expect(next.status, next.text).to.equal(200);
      expect(next.body._embedded.candidates.map((c: { username: string }) => c.username)).to.deep.equal(order.slice(26, 29));
      expect((await buildOf(viewer))!.from_id, 'read on in the same deck, not ranked anew').to.equal(null);
    } finally {
      await big.close();
    }
  });

  it('when someone further down is answered, blocked, snoozed or moves away after the ranking, then they are not shown — at once, not at the next ranking', async () => {
    await crowd(12);
    const first = await call(api.url, 'GET', '/candidates?limit=2', { token: viewer.token });
    const shown = first.body._embedded.candidates.map((c: { username: string }) => c.username);
    const rest = (await ranked(viewer)).filter((n) => !shown.includes(n));
    const [answered, blocked, snoozer, mover] = rest as [string, string, string, string];
    expect((await answer(api.url, viewer, answered, 'pass')).status).to.be.oneOf([200, 201]);
    expect((await call(api.url, 'PUT', `/me/blocks/${blocked}`, { token: viewer.token })).status).to.equal(201);
    await services.get().sequelize.query("UPDATE users SET snoozed_until = 'infinity' WHERE username = $1", { bind: [snoozer] });
    // Los Angeles: far out of reach (the place follows the ZIP, by trigger).
    await services.get().sequelize.query("UPDATE users SET zip_code = '90012' WHERE username = $1", { bind: [mover] });
    const later = await walk(viewer, 3, first.body._links.next.href as string);
    for (const gone of [answered, blocked, snoozer, mover]) expect(later, gone).not.to.include(gone);
    expect(later.sort()).to.deep.equal(rest.filter((n) => ![answered, blocked, snoozer, mover].includes(n)).sort());
  });

  it('when the viewer changes their profile (a smaller radius), then the next page is ranked again under it', async () => {
    await crowd(8);
    await walk(viewer, 2).then((all) => expect(all).to.have.length(8));
    const edit = await call(api.url, 'PATCH', '/me', { token: viewer.token, json: { zipCode: '90012' } });
    expect(edit.status, edit.text).to.equal(200);
    expect(await walk(viewer, 2)).to.deep.equal([]);
  });

  it('when someone new arrives, then they are in the deck once it is ranked again (within DECK_TTL_SECONDS), in their place', async () => {
    await crowd(4);
    expect(await walk(viewer)).to.have.length(4);
    const newcomer = await person(api.url, 'deck_new', { zipCode: '10002', hobbies: ['chess', 'hiking', 'jazz'] });
    now = new Date(now.getTime() + 601_000);
    const again = await walk(viewer);
    expect(again).to.include(newcomer.username);
    expect(again).to.deep.equal(await ranked(viewer));
  });

  it('when two terminals page the same deck at once, then both get the same pages, with no error and no one twice', async () => {
    await crowd(10);
    const [a, b] = await Promise.all([walk(viewer, 2), walk(viewer, 2)]);
    expect(a).to.deep.equal(b);
    expect(new Set(a).size).to.equal(10);
  });

  it('when someone further down blocks the viewer after the ranking, then the viewer does not see them at once, nor they the viewer', async () => {
    await crowd(6);
    const first = await call(api.url, 'GET', '/candidates?limit=1', { token: viewer.token });
    const rest = (await ranked(viewer)).slice(1);
    const blocker = rest[rest.length - 1]!;
    expect((await call(api.url, 'PUT', `/me/blocks/${viewer.username}`, { token: people.get(blocker)!.token })).status).to.equal(201);
    const later = await walk(viewer, 3, first.body._links.next.href as string);
    expect(later).to.deep.equal(rest.slice(0, -1));
    expect(await walk(people.get(blocker)!)).not.to.include(viewer.username);
  });

  it('when a block is lifted, then each is back in the other\'s deck at once, not at the next ranking', async () => {
    await crowd(3);
    const [target] = names as [string];
    expect((await call(api.url, 'PUT', `/me/blocks/${target}`, { token: viewer.token })).status).to.equal(201);
    expect(await walk(viewer)).not.to.include(target);
    expect((await call(api.url, 'DELETE', `/me/blocks/${target}`, { token: viewer.token })).status).to.be.oneOf([200, 204]);
    expect(await walk(viewer)).to.include(target);
  });

  it('when the deck tables are emptied behind its back (after a crash, PostgreSQL empties unlogged tables), then pages are ranked again as if new', async () => {
    await crowd(6);
    const before = await walk(viewer, 2);
    await services.get().sequelize.query('TRUNCATE decks, deck_builds');
    expect(await walk(viewer, 2)).to.deep.equal(before);
  });
});
