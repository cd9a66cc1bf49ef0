import { expect } from 'chai';
import { eventJson, eventLine, Names } from '../../../../cli/commands/watch/format.js';
import type { HalDocument } from '../../../../cli/hal.js';
import { painter } from '../../../../cli/paint.js';

const at = '2026-11-27T12:03:00.000Z';
const hhmm = new Date(at).toTimeString().slice(0, 5);
const events: Record<string, HalDocument> = {
  message: { seq: 1, type: 'message', at, matchId: 7, _embedded: { message: { id: 42, from: 'ben', mine: false, body: 'hi\nthere', sentAt: at } } },
  mine: { seq: 2, type: 'message', at, matchId: 7, _embedded: { message: { id: 43, from: 'ana', mine: true, body: 'hello\u001b[31m', sentAt: at } } },
  match: { seq: 3, type: 'match', at, matchId: 8, _embedded: { match: { id: 8, username: 'cleo' } } },
  read: { seq: 4, type: 'read', at, matchId: 7, readUpTo: 43 },
  unmatch: { seq: 5, type: 'unmatch', at, matchId: 8 },
};

describe('friender watch: how an event is printed', () => {
  it('when events of every type arrive, then each is one human line naming the other person', async () => {
    const paint = await painter(false);
    const names = new Names();
    const lines: string[] = [];
    for (const key of ['message', 'mine', 'match', 'read', 'unmatch']) lines.push(eventLine(events[key]!, await names.of(events[key]!), paint));
    expect(lines).to.deep.equal([
      `${hhmm} message ben: hi`,
      `${hhmm} message you → ben: hello [31m`,
      `${hhmm} match cleo`,
      `${hhmm} read ben read up to your message 43`,
      `${hhmm} unmatch cleo`,
    ]);
  });

  it('when printed as JSON, then every line has the same keys, absent parts null', async () => {
    const names = new Names();
    expect(eventJson(events.message!, await names.of(events.message!))).to.deep.equal({
      seq: 1, type: 'message', at, match: 7, username: 'ben', message: { id: 42, from: 'ben', mine: false, body: 'hi\nthere', sentAt: at }, readUpTo: null,
    });
    expect(eventJson(events.unmatch!, undefined)).to.deep.equal({ seq: 5, type: 'unmatch', at, match: 8, username: null, message: null, readUpTo: null });
  });

  it('when the name of a match is not known yet, then it is asked of the match link once, and an unmatch never asks', async () => {
    const asked: string[] = [];
    const client = { get: async (href: string) => (asked.push(href), { username: 'dan' }) };
    const names = new Names();
    const mine = { seq: 1, type: 'message', at, matchId: 9, _links: { match: { href: '/matches/9' } }, _embedded: { message: { id: 1, from: 'ana', mine: true, body: 'x' } } };
    expect(await names.of(mine, client)).to.equal('dan');
    expect(await names.of({ ...mine, seq: 2 }, client)).to.equal('dan');
    expect(await names.of({ seq: 3, type: 'unmatch', matchId: 10, _links: { match: { href: '/matches/10' } } }, client)).to.equal(undefined);
    expect(asked).to.deep.equal(['/matches/9']);
  });
});
