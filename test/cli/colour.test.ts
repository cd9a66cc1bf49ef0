import { expect } from 'chai';
import { colourFor } from '../../cli/colour.js';
import { ANSI, cli } from './helpers/harness.js';

describe('colour rules (as gh)', () => {
  it('when nothing is set, then colour is on exactly on a terminal', () => {
    expect(colourFor({}, true)).to.equal(true);
    expect(colourFor({}, false)).to.equal(false);
  });

  it('when NO_COLOR (any value), CLICOLOR=0 or TERM=dumb is set, then colour is off on a terminal', () => {
    for (const env of [{ NO_COLOR: '1' }, { NO_COLOR: '0' }, { CLICOLOR: '0' }, { TERM: 'dumb' }]) expect(colourFor(env, true), JSON.stringify(env)).to.equal(false);
    expect(colourFor({ NO_COLOR: '' }, true)).to.equal(true);
    expect(colourFor({ CLICOLOR: '1' }, true)).to.equal(true);
  });

  it('when CLICOLOR_FORCE (not 0) or FORCE_COLOR is set, then colour is on even without a terminal, and over NO_COLOR and TERM=dumb', () => {
    for (const env of [{ CLICOLOR_FORCE: '1' }, { FORCE_COLOR: '1' }, { FORCE_COLOR: '' }, { FORCE_COLOR: '3', NO_COLOR: '1' }, { CLICOLOR_FORCE: 'yes', TERM: 'dumb' }]) {
      expect(colourFor(env, false), JSON.stringify(env)).to.equal(true);
    }
    expect(colourFor({ CLICOLOR_FORCE: '0' }, false)).to.equal(false);
    expect(colourFor({ FORCE_COLOR: '0' }, true)).to.equal(false);
    expect(colourFor({ FORCE_COLOR: 'false' }, true)).to.equal(false);
  });

  it('when --no-color is given, then it wins over every variable', () => {
    expect(colourFor({ CLICOLOR_FORCE: '1', FORCE_COLOR: '1' }, true, false)).to.equal(false);
  });

  describe('in a command', () => {
    const notLoggedIn = (argv: string[], env: Record<string, string>, tty = false) => cli(['whoami', ...argv], { env, tty });

    it('when FORCE_COLOR or CLICOLOR_FORCE is set and stderr is a pipe, then the error is in colour', async () => {
      for (const env of [{ FORCE_COLOR: '1' }, { CLICOLOR_FORCE: '1' }] as Array<Record<string, string>>) {
        const result = await notLoggedIn([], env);
        expect(result.code).to.equal(3);
        expect(result.stderr, JSON.stringify(env)).to.match(ANSI);
      }
    });

    it('when on a terminal with CLICOLOR=0, TERM=dumb or --no-color over CLICOLOR_FORCE, then no colour at all', async () => {
      expect((await notLoggedIn([], {}, true)).stderr).to.match(ANSI);
      for (const [argv, env] of [[[], { CLICOLOR: '0' }], [[], { TERM: 'dumb' }], [['--no-color'], { CLICOLOR_FORCE: '1' }]] as const) {
        const result = await notLoggedIn([...argv], env, true);
        expect(result.stderr, JSON.stringify(env)).to.not.match(ANSI);
        expect(result.stderr).to.match(/^Not logged in/);
      }
    });
  });
});
