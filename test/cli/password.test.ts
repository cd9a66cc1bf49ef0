import { Readable } from 'node:stream';
import { expect } from 'chai';
import { readFirstLine } from '../../cli/password.js';

describe('reading a password from stdin', () => {
  it('when stdin has several lines, then only the first is taken, without its line ending', async () => {
    expect(await readFirstLine(Readable.from(['pass', 'word\r\nsecond line\n']))).to.equal('password');
  });

  it('when stdin ends without a newline, then the whole text is the line', async () => {
    expect(await readFirstLine(Readable.from([Buffer.from('secret')]))).to.equal('secret');
  });

  it('when stdin is empty, then the line is empty', async () => {
    expect(await readFirstLine(Readable.from([]))).to.equal('');
  });
});
