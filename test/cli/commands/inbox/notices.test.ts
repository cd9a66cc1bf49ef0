import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { BEL, noticeSettings, noticeText, noticeWorthy, oscFor, startNotices } from '../../../../cli/commands/inbox/notices.js';
import type { HalDocument } from '../../../../cli/hal.js';
import { MemoryConfigStore } from '../../helpers/harness.js';

const messageEvent = (seq: number, from: string, mine = false): HalDocument => ({ seq, type: 'message', matchId: seq, _embedded: { message: { id: seq, from, mine, body: `hello from ${from}\nsecond line` } } });

describe('the bell and notice in swipe and chat', () => {
  it('when notify asks for OSC 9 or OSC 777, then that sequence is written, with nothing in it that could end it early', () => {
    expect(oscFor('bell', 'Friender', 'ben: hi')).to.equal('');
    expect(oscFor('osc9', 'Friender', 'ben: hi')).to.equal('\u001b]9;Friender: ben: hi\u0007');
    expect(oscFor('osc777', 'Fri;ender', 'ben: hi\u0007\u001b]9;x')).to.equal('\u001b]777;notify;Fri,ender;ben: hi  ]9;x\u0007');
  });

  it('when --quiet or FRIENDER_QUIET is set, then it is quiet; 0 or empty is not; FRIENDER_NOTIFY is read in any case, an unknown one is the bell', async () => {
    const store = async () => new MemoryConfigStore();
    const quiet = (env: Record<string, string>, flag?: boolean) => noticeSettings({ env, store }, flag).then((s) => s.quiet);
    expect(await Promise.all([quiet({}), quiet({}, true), quiet({ FRIENDER_QUIET: '1' }), quiet({ FRIENDER_QUIET: '0' }), quiet({ FRIENDER_QUIET: '' }), quiet({ FRIENDER_QUIET: 'Off' })])).to.deep.equal([false, true, true, false, false, false]);
    const notify = (value: string) => noticeSettings({ env: { FRIENDER_NOTIFY: value }, store }).then((s) => s.notify);
    expect(await Promise.all(['', 'osc9', 'OSC777', 'bell', 'growl'].map(notify))).to.deep.equal(['bell', 'osc9', 'osc777', 'bell', 'bell']);
  });

  it('when flag, environment and stored setting disagree, then the flag beats the environment, which beats the stored setting, which beats the default', async () => {
    const stored = new MemoryConfigStore();
    stored.setSetting('quiet', true);
    stored.setSetting('notify', 'osc777');
    const store = async () => stored;
    expect(await noticeSettings({ env: {}, store })).to.deep.equal({ quiet: true, notify: 'osc777' });
    expect(await noticeSettings({ env: { FRIENDER_QUIET: '0', FRIENDER_NOTIFY: 'osc9' }, store })).to.deep.equal({ quiet: false, notify: 'osc9' });
    expect(await noticeSettings({ env: { FRIENDER_QUIET: '0' }, store }, true)).to.deep.equal({ quiet: true, notify: 'osc777' });
    expect(await noticeSettings({ env: { FRIENDER_QUIET: '1' }, store }, false)).to.deep.equal({ quiet: false, notify: 'osc777' });
    expect(await noticeSettings({ env: {}, store: async () => new MemoryConfigStore() })).to.deep.equal({ quiet: false, notify: 'bell' });
  });

  it('when the store cannot be read, then the notices keep their defaults and the command goes on', async () => {
    const broken = async () => Promise.reject(new Error('config.json: Unexpected token'));
    expect(await noticeSettings({ env: {}, store: broken })).to.deep.equal({ quiet: false, notify: 'bell' });
    expect(await noticeSettings({ env: { FRIENDER_QUIET: '1' }, store: broken })).to.deep.equal({ quiet: true, notify: 'bell' });
  });

  it('when a message arrives, then only someone else’s, not from the person on screen, deserves a notice: one line', () => {
    expect(noticeWorthy(messageEvent(1, 'ben'))).to.not.equal(undefined);
    expect(noticeWorthy(messageEvent(1, 'ben'), 'Ben')).to.equal(undefined);
    expect(noticeWorthy(messageEvent(1, 'ana', true))).to.equal(undefined);
    expect(noticeWorthy({ seq: 2, type: 'match', matchId: 2 })).to.equal(undefined);
    expect(noticeText(noticeWorthy(messageEvent(1, 'ben'))!)).to.equal('✉ ben: hello from ben');
  });

  it('when following in the background, then each worthy message rings the bell once, muted or quiet rings nothing, and every event is still seen', async () => {
    const pages = [
      { _links: { next: { href: '/e?after=2' } }, _embedded: { events: [messageEvent(1, 'ben'), messageEvent(2, 'cleo')] } },
      { _links: { next: { href: '/e?after=3' } }, _embedded: { events: [messageEvent(3, 'dan')] } },
    ];
    const client = {
      async get(href: string, signal?: AbortSignal): Promise<HalDocument> {
        if (href === '/inbox') return { _links: { events: { href: '/e?after=0' } } };
        const next = pages.shift();
        if (next) return next;
        return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    };
    const out = new PassThrough();
    let written = '';
    out.on('data', (chunk: Buffer) => (written += chunk.toString()));
    const notices: string[] = [];
    const seen: number[] = [];
    const handle = startNotices(client, { _links: { inbox: { href: '/inbox' } } }, {
      out, notify: 'osc9', quiet: false, except: () => 'cleo',
      onNotice: (text) => {
        notices.push(text);
        handle.muted = true; // the next one passes silently
      },
      onEvent: (e) => seen.push(Number(e.seq)),
    });
    for (let i = 0; i < 50 && seen.length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    handle.stop();
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(notices).to.deep.equal(['✉ ben: hello from ben']);
    expect(written).to.equal(`${BEL}\u001b]9;Friender: ben: hello from ben\u0007`);
  });

  it('when the API has no inbox, then the background follower does nothing at all', async () => {
    let asked = 0;
    const handle = startNotices({ get: async () => (asked++, {}) }, { _links: { me: { href: '/me' } } }, { out: new PassThrough(), notify: 'bell', quiet: false, onNotice: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    handle.stop();
    expect(asked).to.equal(0);
  });
});
