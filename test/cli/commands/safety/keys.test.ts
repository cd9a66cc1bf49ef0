import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { services } from '../../../helpers/services.js';
import { Terminal } from '../../../helpers/pty.js';

const blockedBy = async (username: string) =>
  (await services.get().sequelize.query<{ name: string }>(
    'SELECT u.username AS name FROM blocks b JOIN users u ON u.id = b.blocked_id JOIN users me ON me.id = b.blocker_id WHERE me.username = $1 ORDER BY 1',
    { bind: [username], type: QueryTypes.SELECT },
  )).map((r) => r.name);

describe('blocking from the keyboard: b in swipe, /block and /report in chat (in a real pseudo-terminal)', () => {
  let api: TestApi;
  let me: TestUser;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  afterEach(() => terminal?.kill());
  beforeEach(async () => (me = await person(api.url, 'keyer', { zipCode: '10001', hobbies: ['chess', 'go'] })));
  const open = (args: string[]) => (terminal = new Terminal(args, { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token, NO_COLOR: '1' }));

  it('when b is pressed on a card, then it asks first: anything but y keeps the card, y blocks and moves on', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002', hobbies: ['chess', 'go'] });
    await person(api.url, 'ben', { zipCode: '10002', hobbies: ['chess'] });
    const t = open(['swipe']);
    await t.waitFor(/^ana, /m);
    expect(t.screen().join('\n')).to.include('b block');
    t.press('b');
    await t.waitFor(/Block ana\? y\/N/);
    t.press('\u001b[C'); // → likes on a card, but is no answer to the question
    await t.waitFor(/^ana, /m);
    expect(await blockedBy('keyer')).to.deep.equal([]);
    t.press('b');
    await t.waitFor(/Block ana\? y\/N/);
    t.press('y');
    const screen = await t.waitFor(/^ben, /m);
    expect(screen).to.include('Blocked ana.');
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 0 and passed on 0; blocked 1 (see `friender blocks`).');
    expect(await blockedBy('keyer')).to.deep.equal(['ana']);
    expect((await call(api.url, 'GET', '/candidates/keyer', { token: ana.token })).status).to.equal(404);
  });

  it('when /block is typed in a chat, then it asks y/N on the status line; n stays, y blocks, ends the match and leaves', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002' });
    await answer(api.url, ana, 'keyer', 'like');
    await answer(api.url, me, 'ana', 'like');
    const t = open(['chat', 'ana']);
    await t.waitFor(/^> $/m);
    t.press('/block\r');
    await t.waitFor(/Block ana\? y\/N · neither/);
    t.press('n');
    await t.waitFor(/not blocked/);
    t.press('/block\r');
    await t.waitFor(/Block ana\? y\/N · neither/);
    // A message arriving meanwhile is shown, and the question stays until it is answered.
    const [live] = (await call(api.url, 'GET', '/matches', { token: ana.token })).body._embedded.matches;
    await call(api.url, 'POST', live._links.messages.href, { token: ana.token, json: { body: 'still there?' } });
    const screen = await t.waitFor(/ana: still there\?/);
    expect(screen).to.match(/^Block ana\? y\/N/);
    t.press('y');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('Blocked ana.');
    expect(await blockedBy('keyer')).to.deep.equal(['ana']);
    expect((await call(api.url, 'GET', '/matches', { token: ana.token })).body.count).to.equal(0);
  });

  it('when /report is typed in a chat, then it leaves the chat, asks the reason from the options and to confirm, and reports and blocks', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002' });
    await answer(api.url, ana, 'keyer', 'like');
    await answer(api.url, me, 'ana', 'like');
    const t = open(['chat', 'ana']);
    await t.waitFor(/^> $/m);
    t.press('/report\r');
    await t.waitFor(/Why are you reporting ana\?.*1 spam, 2 harassment/);
    t.press('1\r');
    await t.waitFor(/What happened\?/);
    t.press('Links to a shop.\r');
    await t.waitFor(/Report ana for spam\? This also blocks them\./);
    t.press('y\r');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('Reported ana (spam) and blocked them.');
    const [row] = await services.get().sequelize.query<{ reason: string; details: string }>('SELECT reason, details FROM reports', { type: QueryTypes.SELECT });
    expect(row).to.deep.equal({ reason: 'spam', details: 'Links to a shop.' });
    expect(await blockedBy('keyer')).to.deep.equal(['ana']);
  });
});
