import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person } from '../../../helpers/factories.js';
import { Terminal } from '../../../helpers/pty.js';

describe('friender swipe: a message meanwhile (in a real pseudo-terminal)', () => {
  let api: TestApi;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  afterEach(() => terminal?.kill());

  it('when a match writes while cards are shown, then the bell rings and the header says who and what, with OSC 777 when asked; quiet rings nothing', async () => {
    const me = await person(api.url, 'swiper', { zipCode: '10001' });
    await person(api.url, 'ana', { zipCode: '10002' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, me, 'ben', 'like');
    const match = (await answer(api.url, ben, 'swiper', 'like')).body._links.match.href as string;
    const env = { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token };

    const t = (terminal = new Terminal(['swipe'], { ...env, FRIENDER_NOTIFY: 'osc777' }));
    await t.waitFor(/^ana, /m);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the background poll is held by now
    await call(api.url, 'POST', `${match}/messages`, { token: ben.token, json: { body: 'fancy a walk?\nsaturday' } });
    await t.waitFor(/^Friender · swipe {3}✉ ben: fancy a walk\?$/m);
    expect(t.raw).to.include('\u0007\u001b]777;notify;Friender;ben: fancy a walk?\u0007');
    t.press('q');
    expect(await t.exited).to.equal(0);

    const quiet = (terminal = new Terminal(['swipe'], { ...env, FRIENDER_QUIET: '1' }));
    await quiet.waitFor(/^ana, /m);
    await call(api.url, 'POST', `${match}/messages`, { token: ben.token, json: { body: 'hello?' } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(quiet.raw).to.not.include('\u0007');
    expect(quiet.screen().join('\n')).to.not.include('✉');
    quiet.press('q');
    expect(await quiet.exited).to.equal(0);
  });
});
