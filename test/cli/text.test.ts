import { expect } from 'chai';
import { characters, columns, cut, wrap } from '../../cli/text.js';

describe('text on a terminal', () => {
  it('when the text is longer than the width, then it breaks at spaces and no line is longer', () => {
    const lines = wrap('Just here for good conversation and better snacks. Looking for a birding buddy.', 24);
    expect(lines).to.deep.equal(['Just here for good', 'conversation and better', 'snacks. Looking for a', 'birding buddy.']);
    expect(Math.max(...lines.map((l) => l.length))).to.be.at.most(24);
  });

  it('when a word is longer than the width, then it is cut across lines', () => {
    expect(wrap('see https://example.com/a/very/long/path ok', 12)).to.deep.equal(['see', 'https://exam', 'ple.com/a/ve', 'ry/long/path', 'ok']);
  });

  it('when the text has its own line breaks or accents, then they stay and width counts characters', () => {
    expect(wrap('héllo wörld\nnew line', 11)).to.deep.equal(['héllo wörld', 'new line']);
  });

  it('when the text has emoji or CJK, then each counts two columns and none is split', () => {
    expect(columns('日本 ok')).to.equal(7);
    expect(wrap('👋👋👋 日本語です', 4)).to.deep.equal(['👋👋', '👋', '日本', '語で', 'す']);
    expect(cut('a👍🏽b', 2)).to.deep.equal(['a', '👍🏽', 'b']);
    expect(characters('👍🏽e\u0301')).to.deep.equal(['👍🏽', 'e\u0301']);
  });
});
