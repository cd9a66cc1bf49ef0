import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';
import { EMOJI_SEQUENCES, INVISIBLE, INVISIBLE_MESSAGE, STRAY_JOINERS } from '../../helpers/text.js';
import { until } from '../../helpers/until.js';

describe('messages', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let cleo: TestUser;
  let messages: string;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 3, messagesPerMinute: 1000 } } })));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    cleo = await person(api.url, 'cleo', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    const match = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
    messages = (await call(api.url, 'GET', match, { token: ana.token })).body._links.messages.href;
  });
  const send = (who: TestUser, body: unknown, base = api.url) => call(base, 'POST', messages, { token: who.token, json: { body } });
  const get = (who: TestUser, href = messages, base = api.url) => call(base, 'GET', href, { token: who.token });
  const bodies = (page: { _embedded: { messages: Array<{ body: string }> } }) => page._embedded.messages.map((m) => m.body);

  it('when both write, then the page lists the messages oldest first with who sent them, a send form and a next link', async () => {
    expect((await send(ana, '  hi ben!  ')).status).to.equal(201);
    const reply = await send(ben, 'hey\n\tana');
    expect(reply.body).to.deep.include({ body: 'hey\n\tana', from: 'ben', mine: true });
    const page = await get(ana);
    expect(page.status).to.equal(200);
    expect(bodies(page.body)).to.deep.equal(['hi ben!', 'hey\n\tana']);
    expect(page.body._embedded.messages.map((m: { from: string; mine: boolean }) => [m.from, m.mine])).to.deep.equal([['ana', true], ['ben', false]]);
    expect(page.body._embedded.messages[0].sentAt).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(page.body._templates.send.properties[0]).to.include({ name: 'body', required: true, minLength: 1, maxLength: 2000 });
    expect(page.body._links.next.href).to.equal(`${messages}?after=${reply.body.id}`);
    expect(page.body._links, 'the whole conversation is on this page').to.not.have.property('earlier');
  });

  it('when the body is empty, too long, or has control characters, then answers 422 naming body and stores nothing', async () => {
    for (const body of ['', '   \n ', 'x'.repeat(2001), 'bell\u0007', 'esc\u001b[31m', 'c1\u009b31m', 'nel\u0085', 'half \ud800', 42, null]) {
      const reply = await send(ana, body);
      expect(reply.status, JSON.stringify(body)).to.equal(422);
      expect(reply.body.errors[0].field).to.equal('body');
    }
    expect((await call(api.url, 'POST', messages, { token: ana.token, json: { body: 'ok', to: 'x' } })).status).to.equal(422);
    expect(bodies((await get(ana)).body)).to.deep.equal([]);
  });

  it('when the body hides invisible or text-direction characters (a zero-width joiner outside an emoji too), then 422 naming body and stores nothing', async () => {
    for (const text of [...INVISIBLE.map(([, char]) => `pay ${char}me back`), ...STRAY_JOINERS.map((joiner) => `hi ${joiner}`)]) {
      const reply = await send(ana, text);
      expect(reply.status, JSON.stringify(text)).to.equal(422);
      expect(reply.body.errors).to.have.length(1);
      expect(reply.body.errors[0].field).to.equal('body');
      expect(reply.body.errors[0].message).to.match(INVISIBLE_MESSAGE);
    }
    expect(bodies((await get(ana)).body)).to.deep.equal([]);
  });

  it('when the body has emoji joined by zero-width joiners, then it is sent as written', async () => {
    const text = `see you there ${EMOJI_SEQUENCES.join(' ')}`;
    const reply = await send(ana, text);
    expect(reply.status, reply.text).to.equal(201);
    expect(bodies((await get(ben)).body)).to.deep.equal([text]);
  });

  it('when following next and nothing is new, then it waits, and a message sent meanwhile answers it at once', async () => {
    const next = (await get(ben)).body._links.next.href as string;
    const started = Date.now();
    const held = get(ben, `${next}&wait=10`);
    await until(() => api.notifier.waiting() === 1);
    await send(ana, 'are you there?');
    const page = await held;
    expect(Date.now() - started).to.be.lessThan(3000);
    expect(bodies(page.body)).to.deep.equal(['are you there?']);
  });

  it('when the wait is over with nothing new, then answers an empty page whose next asks again from the same place', async () => {
    const next = (await get(ben)).body._links.next.href as string;
    const page = await get(ben, `${next}&wait=1`);
    expect(page.status).to.equal(200);
    expect(page.body.count).to.equal(0);
    expect(page.body._links.next.href).to.equal(next);
  });

  it('when a message is sent through another API instance, then a poll held by this one wakes (LISTEN/NOTIFY)', async () => {
    const other = await startTestApi();
    try {
      const next = (await get(ben)).body._links.next.href as string;
      const held = get(ben, `${next}&wait=10`);
      await until(() => api.notifier.waiting() === 1);
      const started = Date.now();
      await send(ana, 'via B', other.url);
      expect(bodies((await held).body)).to.deep.equal(['via B']);
      expect(Date.now() - started).to.be.lessThan(2000);
    } finally {
      await other.close();
    }
  });

  it('when two people send at once while a third follows next, then every message arrives once, in one order, with no gaps', async () => {
    const seen: number[] = [];
    let href = (await get(ben)).body._links.next.href as string;
    const deadline = Date.now() + 15_000;
    // The reader follows next the whole time the 40 sends race each other.
    const reader = (async () => {
      while (seen.length < 40 && Date.now() < deadline) {
        const page = await get(ana, `${href}&wait=3`);
        expect(page.status, JSON.stringify(page.body)).to.equal(200);
        seen.push(...page.body._embedded.messages.map((m: { id: number }) => m.id));
        href = page.body._links.next.href;
      }
    })();
    const sent = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i % 2 ? ana : ben, `m${i}`)));
    await reader;
    const ids = sent.map((r) => r.body.id as number).sort((a, b) => a - b);
    expect(seen).to.deep.equal(ids);
  });

  it('when someone outside the match asks, then 404 — the match does not exist for them; anonymous gets 401', async () => {
    expect((await get(cleo)).status).to.equal(404);
    expect((await send(cleo, 'hi')).status).to.equal(404);
    expect((await get(cleo, `${messages}?after=0&wait=1`)).status).to.equal(404);
    expect((await call(api.url, 'GET', messages)).status).to.equal(401);
  });

  it('when the match id in the address is not an id at all, then 404 for reads, polls and sends — never a 500', async () => {
    for (const id of ['not-a-uuid', '1', "x'--", '00000000-0000-0000-0000-00000000000g']) {
      const href = `/matches/${encodeURIComponent(id)}/messages`;
      expect((await get(ana, href)).status, id).to.equal(404);
      expect((await get(ana, `${href}?after=0&wait=1`)).status, id).to.equal(404);
      expect((await get(ana, `${href}?before=5`)).status, id).to.equal(404);
      expect((await call(api.url, 'POST', href, { token: ana.token, json: { body: 'hi' } })).status, id).to.equal(404);
    }
  });

  it('when the other user deletes their account while a poll is held, then the poll answers 404 promptly', async () => {
    const held = get(ben, `${messages}?after=0&wait=20`);
    await until(() => api.notifier.waiting() === 1);
    const started = Date.now();
    expect((await call(api.url, 'DELETE', '/me', { token: ana.token, json: { password: ana.password } })).status).to.equal(204);
    expect((await held).status).to.equal(404);
    expect(Date.now() - started).to.be.lessThan(2000);
  });

  it('when someone outside the match holds many polls on it, then every one is 404, never 429', async () => {
    const replies = await Promise.all(Array.from({ length: 6 }, () => get(cleo, `${messages}?after=0&wait=2`)));
    expect(replies.map((r) => r.status)).to.deep.equal([404, 404, 404, 404, 404, 404]);
  });

  it('when the match ends while a poll is held, then the poll answers promptly and reads and sends are refused', async () => {
    const matchHref = messages.replace(/\/messages$/, '');
    const held = get(ben, `${messages}?after=0&wait=20`);
    await until(() => api.notifier.waiting() === 1);
    const started = Date.now();
    expect((await call(api.url, 'DELETE', matchHref, { token: ana.token })).status).to.equal(204);
    expect((await held).status).to.equal(404);
    expect(Date.now() - started).to.be.lessThan(2000);
    expect((await get(ben)).status).to.equal(404);
    expect((await send(ben, 'wait!')).status).to.equal(404);
  });

  it('when messages are followed, then they are read: matches shows unread counts and the last message', async () => {
    await send(ana, 'one');
    await send(ana, 'two\nlines');
    let match = (await call(api.url, 'GET', '/matches', { token: ben.token })).body._embedded.matches[0];
    expect(match.unread).to.equal(2);
    expect(match.lastMessage).to.deep.include({ from: 'ana', preview: 'two…' });
    expect((await call(api.url, 'GET', '/matches', { token: ana.token })).body._embedded.matches[0].unread).to.equal(0);
    await get(ben);
    match = (await call(api.url, 'GET', '/matches', { token: ben.token })).body._embedded.matches[0];
    expect(match.unread).to.equal(0);
  });

  it('when a user holds too many polls, then the next one is 429; a client that goes away frees its waiter at once', async () => {
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    const held = aborts.map((a) => fetch(`${api.url}${messages}?after=0&wait=20`, { headers: { authorization: `Bearer ${ben.token}` }, signal: a.signal }).catch(() => undefined));
    await until(() => api.notifier.waiting() === 3);
    const refused = await get(ben, `${messages}?after=0&wait=20`);
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('1');
    for (const a of aborts) a.abort();
    await Promise.all(held);
    await until(() => api.notifier.waiting() === 0);
  });

  it('when there are more than a page of messages, then the page is the newest 50 and earlier leads back to the start', async () => {
    for (let i = 1; i <= 55; i += 1) await send(i % 2 ? ana : ben, `m${i}`);
    const newest = await get(ben);
    expect(bodies(newest.body)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `m${i + 6}`));
    const earlier = await get(ben, newest.body._links.earlier.href);
    expect(bodies(earlier.body)).to.deep.equal(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(earlier.body._links).to.not.have.property('earlier');
    expect((await get(ben)).body._links.next.href).to.equal(`${messages}?after=${newest.body._embedded.messages[49].id}`);
  });

  it('when the wait or the cursor is malformed, then 422 naming it', async () => {
    for (const [query, field] of [['?after=abc', 'after'], ['?after=1234567890123456', 'after'], ['?after=1&wait=61', 'wait'], ['?after=1&before=2', 'before'], ['?x=1', 'x']]) {
      const reply = await get(ben, `${messages}${query}`);
      expect(reply.status, query).to.equal(422);
      expect(reply.body.errors[0].field, query).to.equal(field);
    }
  });
});

describe('messages: the send rate', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 3 } } })));
  after(() => api.close());

  it('when a user sends more than the limit in a minute, then 429 with Retry-After', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    const match = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
    const messages = `${match}/messages`;
    for (let i = 0; i < 3; i += 1) expect((await call(api.url, 'POST', messages, { token: ana.token, json: { body: `m${i}` } })).status).to.equal(201);
    const refused = await call(api.url, 'POST', messages, { token: ana.token, json: { body: 'one too many' } });
    expect(refused.status).to.equal(429);
    expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await call(api.url, 'POST', messages, { token: ben.token, json: { body: 'mine still go' } })).status).to.equal(201);
  });
});

describe('messages: the send rate under a burst', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi({ config: { chat: { pageSize: 50, defaultWaitSeconds: 25, maxPollsPerUser: 5, messagesPerMinute: 30 } } })));
  after(() => api.close());

  it('when 60 sends arrive at once across three conversations, then exactly 30 are sent and 30 get 429', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10001' });
    const conversations: string[] = [];
    for (const name of ['ben', 'cleo', 'dan']) {
      const other = await person(api.url, name, { zipCode: '10002' });
      await answer(api.url, other, 'ana', 'like');
      conversations.push(`${(await answer(api.url, ana, name, 'like')).body._links.match.href}/messages`);
    }
    const replies = await Promise.all(
      Array.from({ length: 60 }, (_, i) => call(api.url, 'POST', conversations[i % 3]!, { token: ana.token, json: { body: `burst ${i}` } })),
    );
    const statuses = replies.map((r) => r.status);
    expect([statuses.filter((s) => s === 201).length, statuses.filter((s) => s === 429).length]).to.deep.equal([30, 30]);
    const stored = await Promise.all(conversations.map(async (href) => (await call(api.url, 'GET', href, { token: ana.token })).body.count as number));
    expect(stored.reduce((a, b) => a + b, 0)).to.equal(30);
  });
});

