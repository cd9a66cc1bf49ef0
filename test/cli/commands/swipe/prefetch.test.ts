import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../../helpers/factories.js';
import { jpeg } from '../../../helpers/images.js';
import { startProxy, type Answer, type Proxy, type Seen } from '../../../helpers/proxy.js';
import { Terminal } from '../../../helpers/pty.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextPage = (r: Seen) => r.method === 'GET' && r.url.startsWith('/candidates?') && r.url.includes('after=');
const unavailable: Answer = { status: 503, body: { type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Try again in a moment.' } };

describe('friender swipe: what comes next is fetched and laid out ahead (in a real pseudo-terminal)', () => {
  let api: TestApi;
  let proxy: Proxy | undefined;
  let me: TestUser;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (me = await person(api.url, 'swiper', { zipCode: '10001', friendRadius: 25 })));
  afterEach(async () => {
    terminal?.kill();
    await proxy?.close();
    proxy = undefined;
  });
  /** `count` people in reach, deck_01…; a page holds 10, so more than 10 makes a `next` page. */
  const people = async (count: number) => {
    const made: TestUser[] = [];
    for (let n = 1; n <= count; n += 1) made.push(await person(api.url, `deck_${String(n).padStart(2, '0')}`, { zipCode: '10002' }));
    return made;
  };
  /** The deck as the API pages it, following `next`: the order cards must be shown in. */
  const deckOrder = async () => {
    const names: string[] = [];
    for (let href: string | undefined = '/candidates'; href; ) {
      const page: { body: { _embedded: { candidates: Array<{ username: string }> }; _links: { next?: { href: string } } } } = await call(api.url, 'GET', href, { token: me.token });
      names.push(...page.body._embedded.candidates.map((c) => c.username));
      href = page.body._links.next?.href;
    }
    return names;
  };
  const open = async (before?: (request: Seen) => Promise<void | Answer>) => {
    proxy = await startProxy(api.url, before);
    return (terminal = new Terminal(['swipe'], { FRIENDER_API_URL: proxy.url, FRIENDER_TOKEN: me.token, FRIENDER_QUIET: '1' }));
  };
  const card = (name: string) => new RegExp(`^${name}, \\d+ `, 'm');

  it('when keys come as fast as cards are shown, across pages, then every card is shown exactly once, in the deck order, and every answer reaches the API', async () => {
    await people(13);
    const order = await deckOrder();
    expect(order).to.have.length(13);
    const t = await open();
    for (const [i, name] of order.entries()) {
      await t.waitFor(card(name));
      t.press(i % 2 === 0 ? 'n' : 'y');
    }
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 6 and passed on 7');
    // Drawn once each (nothing redraws a card here: no notices, no one gone), in that order.
    const at = order.map((name) => {
      const drawn = [...t.raw.matchAll(new RegExp(`${name}, \\d`, 'g'))];
      expect(drawn, `${name} drawn once`).to.have.length(1);
      return drawn[0]!.index;
    });
    expect(at).to.deep.equal([...at].sort((a, b) => a - b));
    for (const [i, name] of order.entries()) {
      expect((await call(api.url, 'GET', `/answers/${name}`, { token: me.token })).body.answer).to.equal(i % 2 === 0 ? 'pass' : 'like');
    }
    expect(proxy!.seen.filter(nextPage), 'the next page, asked for once').to.have.length(1);
  });

  it('when a page brings more photos than Node\'s listener warning allows on one signal, then they are all fetched ahead with no warning on the screen', async () => {
    // 6 people × 2 photos: 12 downloads at once, all stopped by the deck's one signal when it closes.
    for (const made of await people(6)) await addPhotos(api.url, made.token, [await jpeg(), await jpeg(64, 48, '#3366cc')]);
    const order = await deckOrder();
    const t = await open();
    await t.waitFor(card(order[0]!));
    await pause(500);
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).not.to.include('MaxListenersExceededWarning');
  });

  it('when q is pressed while the next page is still being fetched, then swipe ends at once, leaving no request behind', async () => {
    await people(11);
    const order = await deckOrder();
    const t = await open(async (request) => {
      if (nextPage(request)) await new Promise(() => {}); // the API never answers
    });
    // Ten on the first page: the next is asked for while three are still to come.
    for (const name of order.slice(0, 8)) {
      await t.waitFor(card(name));
      t.press('n');
    }
    await t.waitFor(card(order[8]!));
    expect(proxy!.seen.some(nextPage), 'the next page is being fetched').to.equal(true);
    t.press('q');
    const ended = await Promise.race([t.exited, pause(3000).then(() => 'still running 3 s after q')]);
    expect(ended).to.equal(0);
    expect(t.raw).to.include('You liked 0 and passed on 8');
  });

  it('when fetching the next page ahead fails once, then nothing shows of it: the cards at hand go on, and the page is asked for again', async () => {
    await people(12);
    const order = await deckOrder();
    let failed = 0;
    const t = await open(async (request) => (nextPage(request) && failed++ === 0 ? unavailable : undefined));
    for (const name of order) {
      await t.waitFor(card(name));
      t.press('n');
    }
    expect(await t.exited).to.equal(0);
    expect(failed, 'asked again after the failure').to.be.at.least(2);
    expect(t.raw).to.include('You liked 0 and passed on 12');
    expect(t.raw).not.to.include('Service Unavailable');
  });

  it('when the next page cannot be fetched at all, then the key that needs it ends swiping with the error, as without fetching ahead', async () => {
    await people(11);
    const order = await deckOrder();
    const t = await open(async (request) => (nextPage(request) ? unavailable : undefined));
    for (const name of order.slice(0, 10)) {
      await t.waitFor(card(name));
      t.press('n');
    }
    expect(await t.exited).to.equal(1);
    expect(t.raw).to.match(/Service Unavailable: Try again in a moment\./);
    expect(t.raw).to.include('\u001b[?1049l'); // the screen restored first
    expect(proxy!.seen.filter(nextPage).length, 'asked ahead, then again when needed').to.be.at.least(2);
    for (const name of order.slice(0, 10)) expect((await call(api.url, 'GET', `/answers/${name}`, { token: me.token })).body.answer, name).to.equal('pass');
  });

  it('when an answer sent in the background finds the user snoozed (from another terminal), then swipe stops and says so, as before', async () => {
    await people(4);
    const order = await deckOrder();
    let posts = 0;
    const t = await open(async (request) => {
      if (request.method === 'POST' && ++posts === 2) await call(api.url, 'POST', '/me/snooze', { token: me.token });
    });
    await t.waitFor(card(order[0]!));
    t.press('n');
    await t.waitFor(card(order[1]!));
    t.press('y');
    expect(await t.exited).to.equal(1);
    expect(t.raw).to.match(/Snoozed: You are snoozed until you wake/);
    expect(t.raw).to.include('run `friender wake` to swipe again');
    expect((await call(api.url, 'GET', `/answers/${order[1]!}`, { token: me.token })).status).to.equal(404);
  });

  it('when someone answered in the background has left meanwhile, then the header says so, they are not counted, and the next cards go on', async () => {
    const made = await people(3);
    const order = await deckOrder();
    const leaver = made.find((p) => p.username === order[0])!;
    const t = await open(async (request) => {
      if (request.method === 'POST' && request.url.includes(leaver.username)) await call(api.url, 'DELETE', '/me', { token: leaver.token, json: { password: leaver.password } });
    });
    await t.waitFor(card(order[0]!));
    t.press('y');
    const screen = await t.waitFor(new RegExp(`${order[0]} is no longer available\\.`));
    expect(screen).to.match(card(order[1]!));
    t.press('n');
    await t.waitFor(card(order[2]!));
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 0 and passed on 1.');
  });

  it('when u is pressed before the pass it takes back has reached the API, then it waits for it and takes it back', async () => {
    await people(3);
    const order = await deckOrder();
    const t = await open(async (request) => {
      if (request.method === 'POST') await pause(400); // a slow network: the pass is still on its way
    });
    await t.waitFor(card(order[0]!));
    t.press('n');
    await t.waitFor(card(order[1]!));
    t.press('u');
    const screen = await t.waitFor(new RegExp(`Took back your pass on ${order[0]}\\.`));
    expect(screen).to.match(card(order[0]!));
    expect((await call(api.url, 'GET', `/answers/${order[0]!}`, { token: me.token })).status, 'the pass is gone').to.equal(404);
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 0 and passed on 0');
  });

  it('when a like sent in the background makes a match, then the match notice comes up, and any key goes on with the card after', async () => {
    const made = await people(3);
    const order = await deckOrder();
    await answer(api.url, made.find((p) => p.username === order[0])!, 'swiper', 'like');
    const t = await open();
    await t.waitFor(card(order[0]!));
    t.press('y');
    const screen = await t.waitFor(/It's a match!/);
    expect(screen).to.include(`You and ${order[0]} like each other.`);
    t.press('x');
    await t.waitFor(card(order[1]!));
    t.press('n');
    await t.waitFor(card(order[2]!));
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include(`You liked 1 and passed on 1; matched with ${order[0]}`);
  });
});
