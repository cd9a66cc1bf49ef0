import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { splitPaths } from '../../../../cli/commands/photos/offer.js';

describe('splitPaths (the file names typed or dropped into the photo prompt)', () => {
  it('when names are separated by spaces, then each is a path', () => {
    expect(splitPaths('  a.jpg   b.png ')).to.deep.equal(['a.jpg', 'b.png']);
  });

  it('when a name is quoted or has escaped spaces, as a dragged file has, then it stays whole', () => {
    expect(splitPaths(`"/tmp/my photo.jpg" '/tmp/it''s.png' /tmp/at\\ the\\ lake.jpg`)).to.deep.equal(['/tmp/my photo.jpg', '/tmp/its.png', '/tmp/at the lake.jpg']);
  });

  it('when a name starts with ~/, then it is under the home directory', () => {
    expect(splitPaths('~/me.jpg')).to.deep.equal([path.join(os.homedir(), 'me.jpg')]);
  });

  it('when nothing is typed, then there are no paths', () => {
    expect(splitPaths('   ')).to.deep.equal([]);
  });
});
