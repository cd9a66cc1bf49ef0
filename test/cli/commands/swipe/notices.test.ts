import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createConfStore } from '../../../../cli/conf-store.js';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person } from '../../../helpers/factories.js';
import { Terminal } from '../../../helpers/pty.js';
import { cli } from '../../helpers/harness.js';

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

  it('when quiet is stored with `friender config set`, then swipe rings nothing; --no-quiet beats FRIENDER_QUIET, which beats the stored setting, and the stored notify is used', async () => {
    const me = await person(api.url, 'swiper', { zipCode: '10001' });
    await person(api.url, 'ana', { zipCode: '10002' });
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, me, 'ben', 'like');
    const match = (await answer(api.url, ben, 'swiper', 'like')).body._links.match.href as string;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-settings-'));
    try {
      for (const [key, value] of [['quiet', 'true'], ['notify', 'osc9']]) expect((await cli(['config', 'set', key!, value!], { store: createConfStore(dir) })).code).to.equal(0);
      const env = { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: me.token, FRIENDER_CONFIG_DIR: dir };

      const quiet = (terminal = new Terminal(['swipe'], env));
      await quiet.waitFor(/^ana, /m);
      await new Promise((resolve) => setTimeout(resolve, 300)); // a poll would be held by now
      await call(api.url, 'POST', `${match}/messages`, { token: ben.token, json: { body: 'anyone there?' } });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(quiet.raw).to.not.include('\u0007');
      expect(quiet.screen().join('\n')).to.not.include('✉');
      quiet.press('q');
      expect(await quiet.exited).to.equal(0);

      const loud = (terminal = new Terminal(['swipe', '--no-quiet'], { ...env, FRIENDER_QUIET: '1' }));
      await loud.waitFor(/^ana, /m);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await call(api.url, 'POST', `${match}/messages`, { token: ben.token, json: { body: 'hello again' } });
      await loud.waitFor(/^Friender · swipe {3}✉ ben: hello again$/m);
      expect(loud.raw).to.include('\u0007\u001b]9;Friender: ben: hello again\u0007');
      loud.press('q');
      expect(await loud.exited).to.equal(0);

      const env0 = (terminal = new Terminal(['swipe'], { ...env, FRIENDER_QUIET: '0' }));
      await env0.waitFor(/^ana, /m);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await call(api.url, 'POST', `${match}/messages`, { token: ben.token, json: { body: 'third time' } });
      await env0.waitFor(/^Friender · swipe {3}✉ ben: third time$/m);
      env0.press('q');
      expect(await env0.exited).to.equal(0);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
