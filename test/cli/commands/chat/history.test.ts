import { expect } from 'chai';
import { History } from '../../../../cli/commands/chat/history.js';
import { formatMessage } from '../../../../cli/commands/chat/conversation.js';
import { painter } from '../../../../cli/paint.js';

const message = (id: number, body = `m${id}`) => ({ id, body, from: 'ana', mine: false, sentAt: '2026-11-25T10:00:00Z', _links: {} });
const bodies = (lines: string[]) => lines.map((l) => l.replace(/^\[\d\d:\d\d\] ana: /, ''));

describe('the chat history on screen', () => {
  const history = () => new History((m) => [`${m.body}`]);

  it('when messages arrive out of order or twice, then each is shown once, in id order', () => {
    const h = history();
    h.add([message(2), message(4)]);
    h.add([message(3), message(4), message(1)]);
    expect(h.view(80, 10).shown).to.deep.equal(['m1', 'm2', 'm3', 'm4']);
  });

  it('when scrolled back a page, then older lines show, and PgDn comes back to the newest', () => {
    const h = history();
    h.add(Array.from({ length: 20 }, (_, i) => message(i + 1)));
    expect(h.view(80, 5)).to.deep.equal({ shown: ['m16', 'm17', 'm18', 'm19', 'm20'], top: false });
    h.pageUp(5);
    expect(h.view(80, 5).shown).to.deep.equal(['m12', 'm13', 'm14', 'm15', 'm16']);
    expect(h.scrolledBack).to.equal(true);
    for (let i = 0; i < 10; i += 1) h.pageUp(5);
    expect(h.view(80, 5)).to.deep.equal({ shown: ['m1', 'm2', 'm3', 'm4', 'm5'], top: true });
    h.pageDown(5);
    expect(h.view(80, 5).shown[0]).to.equal('m5');
    h.toNewest();
    expect(h.view(80, 5).shown.at(-1)).to.equal('m20');
  });

  it('when a new message arrives while scrolled back, then the view stays where the reader is', () => {
    const h = history();
    h.add(Array.from({ length: 20 }, (_, i) => message(i + 1)));
    h.pageUp(5);
    h.view(80, 5);
    h.add([message(21)]);
    expect(h.view(80, 5).shown).to.deep.equal(['m12', 'm13', 'm14', 'm15', 'm16']);
  });

  it('when an earlier page is added while at the top, then the view keeps its place and can scroll further back', () => {
    const h = history();
    h.add(Array.from({ length: 10 }, (_, i) => message(i + 11)));
    for (let i = 0; i < 3; i += 1) h.pageUp(5);
    expect(h.view(80, 5).top).to.equal(true);
    h.add(Array.from({ length: 10 }, (_, i) => message(i + 1)));
    expect(h.view(80, 5).shown).to.deep.equal(['m11', 'm12', 'm13', 'm14', 'm15']);
    h.pageUp(5);
    expect(h.view(80, 5).shown[0]).to.equal('m7');
  });

  it('when a message is wider than the screen, then it is wrapped into lines that fit', () => {
    const h = history();
    h.add([message(1, 'a long message that needs wrapping')]);
    expect(h.view(12, 10).shown).to.deep.equal(['a long', 'message that', 'needs', 'wrapping']);
  });

  it('when a message carries control characters or tabs, then the terminal is given neither', async () => {
    const paint = await painter(false);
    const lines = formatMessage(message(1, 'bell\u0007 esc\u001b[2J\ttab'), paint);
    expect(bodies(lines)).to.deep.equal(['bell esc[2J    tab']);
  });
});
