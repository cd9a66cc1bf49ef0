import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { person, type TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';
import { parseFor, parseUntil } from '../../../../cli/commands/snooze/snooze.js';

describe('friender snooze and wake', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    await person(api.url, 'ben', { zipCode: '10002' });
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const me = async () => (await call(api.url, 'GET', '/me', { token: ana.token })).body;
  const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

  it('when snoozing with no flag, then indefinitely: said on stderr, shown by whoami and profile show, until friender wake', async () => {
    const result = await friender(['snooze']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'Snoozed indefinitely: nobody is shown you and you are not shown anyone; matches and chats keep working.\nRun `friender wake` to be back sooner.\n',
    );
    expect(await me()).to.deep.include({ snoozed: true, snoozedUntil: null });

    const who = await friender(['whoami']);
    expect([who.stdout, who.stderr]).to.deep.equal(['ana\n', 'Snoozed indefinitely (`friender wake` ends it).\n']);
    expect(JSON.parse((await friender(['whoami', '--json'])).stdout)).to.deep.include({ username: 'ana', snoozed: true, snoozedUntil: null });
    expect((await friender(['profile', 'show'])).stdout).to.include('Snoozed indefinitely: hidden from every deck and not swiping (`friender wake` ends it).\n');

    const woke = await friender(['wake']);
    expect([woke.code, woke.stderr]).to.deep.equal([0, 'Awake: you are shown to others and can swipe again.\n']);
    expect(await me()).to.deep.include({ snoozed: false });
    expect((await friender(['whoami'])).stderr).to.equal('');
    expect((await friender(['profile', 'show'])).stdout).to.not.include('Snoozed');
    const again = await friender(['wake', '--json']);
    expect([again.code, JSON.parse(again.stdout)]).to.deep.equal([0, { username: 'ana', snoozed: false, snoozedUntil: null }]);
  });

  it('when snoozing --for 3d or --until a time, then until then, printed to the minute in UTC; --json gives the exact time', async () => {
    const before = Date.now();
    const result = await friender(['snooze', '--for', '3d', '--json']);
    expect(result.code).to.equal(0);
    const out = JSON.parse(result.stdout);
    expect(out).to.deep.include({ username: 'ana', snoozed: true });
    expect(new Date(out.snoozedUntil).getTime() - before).to.be.within(3 * 86_400_000 - 1000, 3 * 86_400_000 + 60_000);

    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 17) + '00.000Z';
    const set = await friender(['snooze', '--until', until]);
    expect(set.stderr).to.match(new RegExp(`^Snoozed until ${minute(until)}: `));
    expect((await me()).snoozedUntil).to.equal(until);
    expect((await friender(['whoami'])).stderr).to.equal(`Snoozed until ${minute(until)} (\`friender wake\` ends it).\n`);
    expect((await friender(['profile', 'show', '--json', 'snoozed,snoozedUntil'])).stdout).to.equal(`${JSON.stringify({ snoozed: true, snoozedUntil: until }, null, 2)}\n`);
  });

  it('when the flags are wrong, then a usage error (exit 2) and nothing is sent; a time the API refuses is exit 1 naming --until', async () => {
    for (const argv of [['--for', '3d', '--until', '2030-01-01'], ['--for', 'soon'], ['--for', '0d'], ['--until', 'next week'], ['--until', '2026-13-45']]) {
      const result = await friender(['snooze', ...argv]);
      expect(result.code, argv.join(' ')).to.equal(2);
    }
    const past = await friender(['snooze', '--until', '2020-01-01']);
    expect(past.code).to.equal(1);
    expect(past.stderr).to.include('until (--until): must be in the future');
    const far = await friender(['snooze', '--for', '60w']);
    expect(far.code).to.equal(1);
    expect(far.stderr).to.include('must be within 365 days');
    expect((await me()).snoozed).to.equal(false);
  });

  it('when snoozed, then candidates, like and pass fail with exit 1 and point at friender wake', async () => {
    await friender(['snooze']);
    for (const argv of [['candidates'], ['like', 'ben'], ['pass', 'ben']]) {
      const result = await friender(argv);
      expect(result.code, argv.join(' ')).to.equal(1);
      expect(result.stderr, argv.join(' ')).to.match(/^Snoozed: You are snoozed until you wake/);
      expect(result.stderr, argv.join(' ')).to.include('You are snoozed: run `friender wake` to swipe again.\n');
    }
    await friender(['wake']);
    expect((await friender(['candidates'])).stdout).to.match(/^ben, /);
  });

  it('reads durations and days as a person writes them', () => {
    const now = new Date('2026-05-01T10:00:00Z');
    expect(parseFor('12h', now).toISOString()).to.equal('2026-05-01T22:00:00.000Z');
    expect(parseFor('2w', now).toISOString()).to.equal('2026-05-15T10:00:00.000Z');
    expect(parseFor('30m', now).toISOString()).to.equal('2026-05-01T10:30:00.000Z');
    expect(parseUntil('2026-12-01T09:00:00Z').toISOString()).to.equal('2026-12-01T09:00:00.000Z');
    expect(parseUntil('2026-12-01T09:00+02:00').toISOString()).to.equal('2026-12-01T07:00:00.000Z');
    expect(parseUntil('2026-12-24').getTime()).to.equal(new Date(2026, 11, 24).getTime());
  });
});
