import { expect } from 'chai';
import { LineEditor, type Key } from '../../../../cli/commands/chat/line-editor.js';

describe('the chat line editor', () => {
  const typed = (editor: LineEditor, ...keys: Array<string | Key>) => {
    for (const k of keys) typeof k === 'string' ? editor.key(k) : editor.key(undefined, k);
    return editor;
  };
  const key = (name: string, mods: Key = {}): Key => ({ name, ...mods });

  it('when text is typed, then it goes in at the cursor, which arrows, Home and End move', () => {
    const e = typed(new LineEditor(), 'hlo', key('left'), key('left'), 'el', key('home'), '> ', key('end'), '!');
    expect(e.text).to.equal('> hello!');
    expect(e.cursor).to.equal(8);
    typed(e, key('a', { ctrl: true }));
    expect(e.cursor).to.equal(0);
    typed(e, key('left'));
    expect(e.cursor, 'never before the start').to.equal(0);
  });

  it('when deleting, then backspace takes the character before the cursor and Delete the one under it', () => {
    const e = typed(new LineEditor(), 'abcd', key('left'), key('left'), key('backspace'), key('delete'));
    expect([e.text, e.cursor]).to.deep.equal(['ad', 1]);
    typed(e, key('home'), key('backspace'));
    expect(e.text).to.equal('ad');
  });

  it('when Ctrl-U, Ctrl-K or Ctrl-W is pressed, then the start, the end or the word before the cursor goes', () => {
    const e = typed(new LineEditor(), 'see you  at noon', key('w', { ctrl: true }));
    expect(e.text).to.equal('see you  at ');
    typed(e, key('w', { ctrl: true }));
    expect(e.text).to.equal('see you  ');
    typed(e, key('left'), key('left'), key('left'), key('left'), key('k', { ctrl: true }));
    expect(e.text).to.equal('see y');
    typed(e, key('left'), key('u', { ctrl: true }));
    expect([e.text, e.cursor]).to.deep.equal(['y', 0]);
  });

  it('when a line is taken, then the editor is empty and ↑/↓ walk back and forth through what was sent', () => {
    const e = new LineEditor();
    typed(e, 'first');
    expect(e.take()).to.equal('first');
    typed(e, 'second');
    e.take();
    expect(e.text).to.equal('');
    typed(e, key('up'));
    expect(e.text).to.equal('second');
    typed(e, key('up'), key('up'));
    expect(e.text, 'stops at the oldest').to.equal('first');
    typed(e, key('down'));
    expect(e.text).to.equal('second');
    typed(e, key('down'));
    expect(e.text).to.equal('');
  });

  it('when control characters or unknown keys arrive, then the line is unchanged and no redraw is asked for', () => {
    const e = new LineEditor();
    expect(e.key('\u0007', { name: undefined })).to.equal(false);
    expect(e.key('\u001b[15~', { name: 'f5' })).to.equal(false);
    expect(e.key('x', { name: 'x', ctrl: true })).to.equal(false);
    expect(e.text).to.equal('');
    expect(e.key('é', { name: undefined })).to.equal(true);
    expect(e.text).to.equal('é');
  });

  it('when a line break is put in (from a paste), then it is part of the text at the cursor', () => {
    const e = typed(new LineEditor(), 'one', key('left'), key('left'), key('left'));
    e.newline();
    typed(e, key('end'), ' two');
    expect(e.text).to.equal('\none two');
    expect(e.take()).to.equal('\none two');
  });

  it('when an emoji with a skin tone is typed, then one backspace takes it whole', () => {
    const e = typed(new LineEditor(), 'ok 👍🏽');
    expect(e.cursor).to.equal(4);
    typed(e, key('backspace'));
    expect(e.text).to.equal('ok ');
  });
});
