import { expect } from 'chai';
import { cli, MemoryConfigStore } from '../../helpers/harness.js';

describe('friender config list', () => {
  it('when some settings are stored, then it prints every setting as key=value, stored or default', async () => {
    const store = new MemoryConfigStore();
    expect((await cli(['config', 'list'], { store })).stdout).to.equal('quiet=false\nnotify=bell\n');
    await cli(['config', 'set', 'notify', 'osc777'], { store });
    const result = await cli(['config', 'ls'], { store });
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'quiet=false\nnotify=osc777\n', '']);
  });

  it('when --json is asked, then it parses: a count and a list of settings; a field list picks from each', async () => {
    const store = new MemoryConfigStore();
    store.setSetting('quiet', true);
    const full = await cli(['config', 'list', '--json'], { store, env: { FRIENDER_NOTIFY: 'osc9' } });
    expect([full.code, JSON.parse(full.stdout), full.stderr]).to.deep.equal([
      0,
      {
        count: 2,
        settings: [
          { key: 'quiet', value: true, source: 'stored', allowed: ['true', 'false'], overriddenBy: null },
          { key: 'notify', value: 'bell', source: 'default', allowed: ['bell', 'osc9', 'osc777'], overriddenBy: 'FRIENDER_NOTIFY' },
        ],
      },
      '',
    ]);
    const picked = await cli(['config', 'list', '--json', 'key,value'], { store });
    expect(JSON.parse(picked.stdout)).to.deep.equal([{ key: 'quiet', value: true }, { key: 'notify', value: 'bell' }]);
  });

  it('when a variable overrides a setting, then the list still shows the stored value and stderr names the variable', async () => {
    const result = await cli(['config', 'list'], { env: { FRIENDER_QUIET: '1' } });
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'quiet=false\nnotify=bell\n', 'FRIENDER_QUIET is set, and wins over the quiet setting (a flag would win over both).\n']);
  });
});
