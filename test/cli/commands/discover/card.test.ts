import { expect } from 'chai';
import { wrap } from '../../../../cli/commands/discover/card.js';

describe('wrapping a bio on a card', () => {
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
});
