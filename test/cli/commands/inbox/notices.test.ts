import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { BEL, isQuiet, noticeText, noticeWorthy, oscFor, startNotices } from '../../../../cli/commands/inbox/notices.js';
import type { HalDocument } from '../../../../cli/hal.js';

const messageEvent = (seq: number, from: string, mine = false): HalDocument => ({ seq, type: 'message', matchId: seq, _embedded: { message: { id: seq, from, mine, body: `hello from ${from}\nsecond line` } } });

describe('the bell and notice in swipe and chat', () => {
  it('when FRIENDER_NOTIFY asks for OSC 9 or OSC 777, then that sequence is written, with nothing in it that could end it early', () => {
    expect(oscFor({}, 'Friender', 'ben: hi')).to.equal('');
    expect(oscFor({ FRIENDER_NOTIFY: 'osc9' }, 'Friender', 'ben: hi')).to.equal('\u001b]9;Friender: ben: hi\u0007');
    expect(oscFor({ FRIENDER_NOTIFY: 'OSC777' }, 'Fri;ender', 'ben: hi\u0007\u001b]9;x')).to.equal('\u001b]777;notify;Fri,ender;ben: hi  ]9;x\u0007');
  });

  it('when --quiet or FRIENDER_QUIET is set, then it is quiet; 0 or empty is not', () => {
    expect([isQuiet({}), isQuiet({}, true), isQuiet({ FRIENDER_QUIET: '1' }), isQuiet({ FRIENDER_QUIET: '0' }), isQuiet({ FRIENDER_QUIET: '' })]).to.deep.equal([false, true, true, false, false]);
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
      out, env: { FRIENDER_NOTIFY: 'osc9' }, quiet: false, except: () => 'cleo',
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
    const handle = startNotices({ get: async () => (asked++, {}) }, { _links: { me: { href: '/me' } } }, { out: new PassThrough(), env: {}, quiet: false, onNotice: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 20));
    handle.stop();
    expect(asked).to.equal(0);
  });
});
