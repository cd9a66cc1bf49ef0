import { expect } from 'chai';
import { EXIT } from '../../../../cli/errors.js';
import { cli, MemoryConfigStore } from '../../helpers/harness.js';

describe('friender config set', () => {
  it('when a setting is set, then a later run gets it back, from the same store', async () => {
    const store = new MemoryConfigStore();
    const quiet = await cli(['config', 'set', 'quiet', 'true'], { store });
    expect([quiet.code, quiet.stdout, quiet.stderr]).to.deep.equal([0, '', 'quiet is now true.\n']);
    const notify = await cli(['config', 'set', 'notify', 'OSC9'], { store });
    expect([notify.code, notify.stderr]).to.deep.equal([0, 'notify is now osc9.\n']);
    expect(store.settings).to.deep.equal({ quiet: true, notify: 'osc9' });
    const back = await cli(['config', 'get', 'quiet'], { store });
    expect([back.code, back.stdout]).to.deep.equal([0, 'true\n']);
    const off = await cli(['config', 'set', 'quiet', 'false'], { store });
    expect([off.code, (await cli(['config', 'get', 'quiet'], { store })).stdout]).to.deep.equal([0, 'false\n']);
  });

  it('when --json is asked, then it prints the setting as stored, which parses', async () => {
    const result = await cli(['config', 'set', 'notify', 'osc777', '--json'], { store: new MemoryConfigStore() });
    expect([result.code, JSON.parse(result.stdout), result.stderr]).to.deep.equal([
      0,
      { key: 'notify', value: 'osc777', source: 'stored', allowed: ['bell', 'osc9', 'osc777'], overriddenBy: null },
      '',
    ]);
  });

  it('when the key is unknown, then it is a usage error naming it and every key with its values, and nothing is stored', async () => {
    const store = new MemoryConfigStore();
    const result = await cli(['config', 'set', 'volume', '11'], { store });
    expect(result.code).to.equal(EXIT.usage);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.include('Unknown setting "volume".');
    expect(result.stderr).to.include('quiet (true|false), notify (bell|osc9|osc777)');
    expect(store.settings).to.deep.equal({});
  });

  it('when the value is not one the key takes, then it is a usage error naming the key and its values, and the stored one stays', async () => {
    const store = new MemoryConfigStore();
    store.setSetting('quiet', true);
    for (const [key, value, allowed] of [['quiet', 'yes', 'true, false'], ['notify', 'growl', 'bell, osc9, osc777'], ['quiet', '', 'true, false']]) {
      const result = await cli(['config', 'set', key!, value!], { store });
      expect([result.code, result.stdout], `${key} ${value}`).to.deep.equal([EXIT.usage, '']);
      expect(result.stderr).to.include(`${key}: "${value}" is not a value it takes.`);
      expect(result.stderr).to.include(`${key} takes ${allowed}.`);
    }
    expect(store.settings).to.deep.equal({ quiet: true });
  });

  it('when the key or the value is missing, then commander refuses it as a usage error', async () => {
    const result = await cli(['config', 'set', 'quiet']);
    expect([result.code, result.stdout]).to.deep.equal([EXIT.usage, '']);
    expect(result.stderr).to.include("missing required argument 'value'");
  });

  it('when a variable overrides the setting just stored, then it is stored all the same and stderr says which variable wins', async () => {
    const store = new MemoryConfigStore();
    const result = await cli(['config', 'set', 'quiet', 'true'], { store, env: { FRIENDER_QUIET: '0' } });
    expect([result.code, store.settings]).to.deep.equal([0, { quiet: true }]);
    expect(result.stderr).to.equal('quiet is now true.\nFRIENDER_QUIET is set, and wins over the quiet setting (a flag would win over both).\n');
  });
});
