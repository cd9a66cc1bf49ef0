import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, answer, person, type TestUser } from '../../../helpers/factories.js';
import { jpeg } from '../../../helpers/images.js';
import { KEY, Terminal } from '../../../helpers/pty.js';
import { cli } from '../../helpers/harness.js';

describe('friender swipe (in a real pseudo-terminal)', () => {
  let api: TestApi;
  let me: TestUser;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  afterEach(() => terminal?.kill());
  beforeEach(async () => {
    me = await person(api.url, 'swiper', { zipCode: '10001', friendRadius: 25, hobbies: ['chess', 'go', 'hiking'], interests: ['jazz'] });
  });
  const open = () => (terminal = new Terminal(['swipe'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token }));

  it('when keys are pressed, then shows one card at a time with its photo, passes on n, likes on →, and celebrates a match on y', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002', hobbies: ['chess', 'go', 'hiking'], interests: ['jazz'], bio: 'Board games at dawn.', birthDate: '1961-01-01' });
    await addPhotos(api.url, ana.token, [await jpeg(320, 240, '#c33')]);
    await person(api.url, 'ben', { zipCode: '10002', hobbies: ['chess'], interests: ['opera'] });
    const cleo = await person(api.url, 'cleo', { zipCode: '07030', hobbies: ['rowing'], interests: ['opera'] });
    await answer(api.url, cleo, 'swiper', 'like');

    const t = open();
    let screen = await t.waitFor(/y or → like/);
    // The age beside the name, in whole years (born 1 January, so it is the year's difference).
    expect(screen).to.match(new RegExp(`^ana, ${new Date().getUTCFullYear() - 1961} {2}\\d+ miles? away {2}4 in common$`, 'm'));
    expect(screen).to.include('Board games at dawn.');
    expect(t.paintedRows()).to.be.at.least(8); // the photo, drawn as coloured half blocks

    t.press('n');
    screen = await t.waitFor(/^ben, /m);
    expect(screen).to.include('You passed on ana.');

    t.press('?');
    await t.waitFor(/^Keys$/m);
    t.press('x');
    await t.waitFor(/^ben, /m);

    t.press(KEY.right);
    screen = await t.waitFor(/^cleo, /m);
    expect(screen).to.include('You liked ben.');

    t.press('y');
    screen = await t.waitFor(/It's a match!/);
    expect(screen).to.include('You and cleo like each other.');
    t.press('c'); // say hi now: the chat opens over the swipe, and swiping resumes after it
    await t.waitFor(/Chat with cleo/);
    t.press('hi cleo!\r');
    await t.waitFor(/swiper: hi cleo!/);
    t.press('/quit\r');
    await t.waitFor(/y or → like|No one new/);
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 2 and passed on 1; matched with cleo');

    const matches = await call(api.url, 'GET', '/matches', { token: me.token });
    expect(matches.body._embedded.matches.map((m: { username: string }) => m.username)).to.deep.equal(['cleo']);
    const left = await call(api.url, 'GET', '/candidates', { token: me.token });
    expect(left.body.count).to.equal(0);
  });

  it('when the terminal is resized, then the card is laid out again for the new size: header on top, words wrapped at spaces, photo within the width, keys at the bottom', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002', bio: 'Board games at dawn and long walks by the river on quiet Sundays.' });
    await addPhotos(api.url, ana.token, [await jpeg(320, 240, '#3a6')]);
    const t = open();
    await t.waitFor(/^Board games at dawn and long walks by the river on quiet Sundays\.$/m);
    expect(t.paintedRight()).to.be.within(30, 99);

    t.resize(40, 20);
    const screen = await t.waitFor(/^the river on quiet Sundays\. *$/m);
    const rows = screen.split('\n').map((row) => row.trimEnd());
    expect(rows[0]).to.match(/^Friender · swipe/);
    expect(rows).to.include('Board games at dawn and long walks by');
    expect(rows.filter((row) => row.trim() !== '').at(-1)).to.equal('y like n pass u undo b block q quit ?');
    expect(t.paintedRows()).to.be.within(4, 10);
    expect(t.paintedRight()).to.be.within(10, 38);

    t.resize(100, 40); // and back: the photo grows again
    await t.waitFor(/^Board games at dawn and long walks by the river on quiet Sundays\. *$/m);
    await t.waitFor(/y or → like/);
    expect(t.paintedRows()).to.be.at.least(12);
  });

  it('when the terminal is short, then the photos shrink so that the header and the keys stay on the screen', async () => {
    const ana = await person(api.url, 'ana', { zipCode: '10002', bio: 'Short screens.' });
    await addPhotos(api.url, ana.token, [await jpeg(320, 240, '#c33'), await jpeg(320, 240, '#33c')]);
    const t = (terminal = new Terminal(['swipe'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token }, { cols: 100, rows: 18 }));
    const screen = await t.waitFor(/y or → like/);
    const rows = screen.split('\n');
    expect(rows[0]).to.match(/^Friender · swipe/);
    expect(rows).to.include('Short screens.');
    expect(rows.filter((row) => row.trim() !== '').at(-1)).to.equal('y or → like   n or ← pass   u undo   b block   q quit   ? keys');
    // 18 rows: header, blank, photos, blank, 4 lines of words, blank, keys — 9 rows are left for the photos.
    expect(t.paintedRows()).to.equal(9);
  });

  it('when u is pressed after a pass, then the pass is taken back and that card is shown again; after a like there is nothing to undo', async () => {
    await person(api.url, 'ana', { zipCode: '10002', hobbies: ['chess', 'go', 'hiking'] });
    await person(api.url, 'ben', { zipCode: '10002', hobbies: ['chess'] });
    await person(api.url, 'cal', { zipCode: '10002', hobbies: ['rowing'], interests: ['opera'] });
    const t = open();
    await t.waitFor(/^ana, /m);
    t.press('u');
    await t.waitFor(/Nothing to undo/);
    t.press('n');
    await t.waitFor(/^ben, /m);
    t.press('u');
    let screen = await t.waitFor(/Took back your pass on ana\./);
    expect(screen).to.match(/^ana, /m);
    expect((await call(api.url, 'GET', '/answers/ana', { token: me.token })).status, 'the pass is gone').to.equal(404);
    t.press('y'); // ana again, liked this time
    screen = await t.waitFor(/You liked ana\./);
    expect(screen, 'ben, the card the undo interrupted, comes next').to.match(/^ben, /m);
    t.press('n');
    await t.waitFor(/^cal, /m);
    t.press('u');
    await t.waitFor(/Took back your pass on ben\./);
    t.press('y');
    await t.waitFor(/You liked ben\./);
    t.press('u');
    await t.waitFor(/Nothing to undo/);
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('You liked 2 and passed on 0');
    expect((await call(api.url, 'GET', '/answers/ana', { token: me.token })).body.answer).to.equal('like');
  });

  it('when snoozed, then swipe says so before drawing anything and points at friender wake (exit 1)', async () => {
    await call(api.url, 'POST', '/me/snooze', { token: me.token });
    const result = await cli(['swipe'], { tty: true, env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token } });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/Snoozed: You are snoozed until you wake/);
    expect(result.stderr).to.include('run `friender wake` to swipe again');
  });

  it('when the last card is answered, then leaves the screen and says why there is no one else', async () => {
    await person(api.url, 'only_one', { zipCode: '10001' });
    const t = open();
    await t.waitFor(/^only_one, /m);
    t.press('n');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('No one new within 25 miles right now');
    expect(t.raw).to.include('friender profile edit --radius 50');
  });

  it('when Ctrl-C is pressed, then stops cleanly and restores the terminal', async () => {
    await person(api.url, 'someone', { zipCode: '10001' });
    const t = open();
    await t.waitFor(/^someone, /m);
    t.press(KEY.ctrlC);
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('\u001b[?1049l'); // back from the alternate screen
    expect(t.raw).to.include('\u001b[?25h'); // cursor shown again
  });

  it('when stdin is not a terminal, then refuses with exit 2 and points to the scripting commands', async () => {
    const result = await cli(['swipe'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token } });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include('`friender swipe` needs a terminal');
    expect(result.stderr).to.include('friender candidates --json');
  });

  it('when TERM=dumb, then swipe refuses in one line naming candidates, like and pass, exit 2, without touching the screen', async () => {
    await person(api.url, 'someone', { zipCode: '10001' });
    const t = (terminal = new Terminal(['swipe'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token, TERM: 'dumb' }));
    expect(await t.exited).to.equal(2);
    expect(t.raw).to.equal('`friender swipe` needs a terminal that can redraw the screen (TERM=dumb cannot); use `friender candidates`, then `friender like <username>` or `friender pass <username>`.\r\n');
  });

  it('when nobody is in reach, then says so without taking over the screen', async () => {
    const result = await cli(['swipe'], { tty: true, env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token } });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.include('No one new within 25 miles right now');
  });
});
