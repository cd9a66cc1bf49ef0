import { expect } from 'chai';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { KEY, Terminal } from '../helpers/pty.js';

describe('prompts (in a real pseudo-terminal)', () => {
  let api: TestApi;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  afterEach(() => terminal?.kill());

  it('when Ctrl-C is pressed at a prompt, then the command is cancelled with exit 130, as a shell reports an interrupted command', async () => {
    const t = (terminal = new Terminal(['login'], { FRIENDER_API_URL: api.url, FRIENDER_CONFIG_DIR: '/nonexistent-friender-test' }));
    await t.waitFor(/Username/);
    t.press(KEY.ctrlC);
    expect(await t.exited).to.equal(130);
    expect(t.raw).to.include('Cancelled.');
  });
});
