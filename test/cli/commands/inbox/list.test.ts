import { expect } from 'chai';
import { ago, collect, conversationJson, conversationLine, limitOf } from '../../../../cli/commands/inbox/list.js';
import { inboxFrame } from '../../../../cli/commands/inbox/live.js';
import { UsageError } from '../../../../cli/errors.js';
import type { HalDocument } from '../../../../cli/hal.js';
import { painter } from '../../../../cli/paint.js';

const now = Date.parse('2026-11-27T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
function conversation(id: number, username: string, unread: number, minutes: number, preview?: string): HalDocument {
  return {
    id, username, age: 30 + id, unread,
    lastMessage: preview ? { from: username, sentAt: minutesAgo(minutes), preview } : null,
    lastActivityAt: minutesAgo(minutes),
    _links: { self: { href: `/matches/${id}` }, match: { href: `/matches/${id}` }, messages: { href: `/matches/${id}/messages` }, thumbnail: { href: `https://s3/${id}.jpg` } },
  };
}
const inboxPage = (list: HalDocument[], next?: string): HalDocument => ({
  count: list.length,
  _links: { self: { href: '/inbox' }, events: { href: '/inbox/events?after=9' }, ...(next ? { next: { href: next } } : {}) },
  _embedded: { conversations: list },
});

describe('friender inbox: the list', () => {
  it('when the inbox has several pages, then it follows next up to the limit and lists unread first, then newest, each once', async () => {
    const pages: Record<string, HalDocument> = {
      '/inbox?after=b': inboxPage([conversation(3, 'cleo', 2, 90, 'are you there?'), conversation(2, 'ben', 0, 120, 'ok')], '/inbox?after=c'),
      '/inbox?after=c': inboxPage([conversation(1, 'ana', 1, 60 * 24 * 3, 'hey')]),
    };
    const asked: string[] = [];
    const client = { get: async (href: string) => (asked.push(href), pages[href]!) };
    const first = inboxPage([conversation(5, 'eve', 0, 0, 'see you'), conversation(4, 'dan', 0, 5)], '/inbox?after=b');
    const all = await collect(client, first, 50);
    expect(all.map((c) => c.username)).to.deep.equal(['cleo', 'ana', 'eve', 'dan', 'ben']);
    expect(asked).to.deep.equal(['/inbox?after=b', '/inbox?after=c']);
    asked.length = 0;
    expect((await collect(client, first, 3)).map((c) => c.username)).to.deep.equal(['cleo', 'eve', 'dan']);
    expect(asked, 'no page more than the limit needs').to.deep.equal(['/inbox?after=b']);
  });

  it('when a conversation is printed, then its line has name, age, unread, the last message and when', async () => {
    const paint = await painter(false);
    expect(conversationLine(conversation(3, 'cleo', 2, 90, 'are you there?\nhello?'), paint, now)).to.equal('cleo, 33             2 unread   cleo: are you there?  1h');
    expect(conversationLine(conversation(4, 'dan', 0, 5), paint, now)).to.equal('dan, 34                         no messages yet  5m');
    expect(ago(minutesAgo(0), now)).to.equal('now');
    expect(ago(minutesAgo(60 * 24 * 2), now)).to.equal('2d');
    expect(ago(minutesAgo(60 * 24 * 30), now)).to.equal('2026-10-28');
  });

  it('when printed as JSON, then each conversation has its fields and its thumbnail link', () => {
    expect(conversationJson(conversation(3, 'cleo', 2, 90, 'hi'))).to.deep.equal({
      id: 3, username: 'cleo', age: 33, unread: 2, lastMessage: { from: 'cleo', sentAt: minutesAgo(90), preview: 'hi' }, lastActivityAt: minutesAgo(90), thumbnail: 'https://s3/3.jpg',
    });
  });

  it('when --limit is not a whole number from 1 to 1000, then it is a usage error', () => {
    expect(limitOf(undefined)).to.equal(50);
    expect(limitOf('7')).to.equal(7);
    for (const bad of ['0', '2.5', 'x', '1001']) expect(() => limitOf(bad)).to.throw(UsageError);
  });

  it('when the live inbox is drawn, then the selection is marked and stays on screen in a short terminal', async () => {
    const paint = await painter(false);
    const list = Array.from({ length: 10 }, (_, i) => conversation(i, `user${i}`, 0, i));
    const frame = inboxFrame(list, 8, '', paint, { columns: 60, rows: 8 }, now);
    expect(frame).to.have.length(8);
    expect(frame[0]).to.equal('Friender · inbox');
    expect(frame.filter((l) => l.startsWith('› '))).to.deep.equal([frame.find((l) => l.startsWith('› user8'))]);
    expect(frame.at(-1)).to.equal('↑/↓ select   Enter chat   q quit');
    expect(inboxFrame([], 0, '', paint, { columns: 80, rows: 8 }, now)[2]).to.match(/^No conversations yet/);
  });
});
