import { expect } from 'chai';
import { EXIT } from '../../../../cli/errors.js';
import { cli, MemoryConfigStore } from '../../helpers/harness.js';

describe('friender config get', () => {
  it('when nothing is stored, then it prints the default', async () => {
    const quiet = await cli(['config', 'get', 'quiet']);
    const notify = await cli(['config', 'get', 'notify']);
    expect([quiet.code, quiet.stdout, quiet.stderr, notify.stdout]).to.deep.equal([0, 'false\n', '', 'bell\n']);
  });

  it('when --json is asked, then it prints the key, value, where it comes from, what it takes and any overriding variable; a field list picks', async () => {
    const store = new MemoryConfigStore();
    store.setSetting('quiet', true);
    const stored = await cli(['config', 'get', 'quiet', '--json'], { store });
    expect([stored.code, JSON.parse(stored.stdout)]).to.deep.equal([0, { key: 'quiet', value: true, source: 'stored', allowed: ['true', 'false'], overriddenBy: null }]);
    const fallback = await cli(['config', 'get', 'notify', '--json', 'value,source'], { store, env: { FRIENDER_NOTIFY: 'osc9' } });
    expect([fallback.code, JSON.parse(fallback.stdout), fallback.stderr]).to.deep.equal([0, { value: 'bell', source: 'default' }, '']);
    const overridden = await cli(['config', 'get', 'notify', '--jq', '.overriddenBy'], { store, env: { FRIENDER_NOTIFY: 'osc9' } });
    expect(overridden.stdout).to.equal('FRIENDER_NOTIFY\n');
  });

  it('when a variable is set, then it prints the stored value (as gh does), and says on stderr that the variable wins', async () => {
    const store = new MemoryConfigStore();
    store.setSetting('quiet', false);
    const result = await cli(['config', 'get', 'quiet'], { store, env: { FRIENDER_QUIET: '1' } });
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'false\n', 'FRIENDER_QUIET is set, and wins over the quiet setting (a flag would win over both).\n']);
    const empty = await cli(['config', 'get', 'quiet'], { store, env: { FRIENDER_QUIET: ' ' } });
    expect([empty.stdout, empty.stderr], 'an empty variable is unset').to.deep.equal(['false\n', '']);
  });

  it('when the key is unknown, then it is a usage error naming it and the keys there are', async () => {
    const result = await cli(['config', 'get', 'colour', '--json']);
    expect([result.code, result.stdout]).to.deep.equal([EXIT.usage, '']);
    expect(result.stderr).to.include('Unknown setting "colour".');
    expect(result.stderr).to.include('Settings: quiet (true|false), notify (bell|osc9|osc777).');
  });

  it('when the key is the name of something every object has, then it is still an unknown setting', async () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const result = await cli(['config', 'get', key]);
      expect([result.code, result.stdout], key).to.deep.equal([EXIT.usage, '']);
      expect(result.stderr).to.include(`Unknown setting "${key}".`);
    }
  });

  it('when a field list names no field of a setting, then it is refused before anything is read', async () => {
    const result = await cli(['config', 'get', 'quiet', '--json', 'nope']);
    expect([result.code, result.stdout]).to.deep.equal([EXIT.usage, '']);
    expect(result.stderr).to.include('--json: unknown field "nope".');
  });
});
