import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { expandGlob, sniff } from '../../../../cli/commands/profile/apply/photo-files.js';
import { jpeg, png, svg, webp } from '../../../helpers/images.js';

describe('profile apply: photo paths and types', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-glob-'));
    for (const file of ['b.jpg', 'a.jpg', 'c.png', '.hidden.jpg', 'trips/2024/x.jpg', 'trips/2023/y.jpg', 'trips/2023/notes.txt', 'trips/readme.jpg/inner.jpg']) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), 'x');
    }
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('when a glob is expanded, then its matches are files only, sorted, relative to the folder, hidden ones only when asked for', async () => {
    expect(await expandGlob(dir, '*.jpg')).to.deep.equal(['a.jpg', 'b.jpg']);
    expect(await expandGlob(dir, '[ac].*')).to.deep.equal(['a.jpg', 'c.png']);
    expect(await expandGlob(dir, '?.jpg')).to.deep.equal(['a.jpg', 'b.jpg']);
    expect(await expandGlob(dir, '.*.jpg')).to.deep.equal(['.hidden.jpg']);
    expect(await expandGlob(dir, 'trips/*/*.jpg')).to.deep.equal(['trips/2023/y.jpg', 'trips/2024/x.jpg', 'trips/readme.jpg/inner.jpg']);
    expect(await expandGlob(dir, 'trips/*.jpg')).to.deep.equal([]); // a folder named .jpg is not a photo
    expect(await expandGlob(dir, 'nowhere/*.jpg')).to.deep.equal([]);
    expect(await expandGlob(dir, `${dir}/*.png`)).to.deep.equal([path.join(dir, 'c.png')]);
  });

  it('when a file\'s type is judged, then it is by its bytes, as the API judges it', async () => {
    expect([sniff(await jpeg()), sniff(await png()), sniff(await webp()), sniff(svg), sniff(Buffer.from('GIF89a'))]).to.deep.equal(['image/jpeg', 'image/png', 'image/webp', undefined, undefined]);
  });
});
