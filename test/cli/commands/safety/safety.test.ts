import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { services } from '../../../helpers/services.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender block / unblock / blocks / report', () => {
  let api: TestApi;
  let me: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (me = await person(api.url, 'safe_me', { zipCode: '10001' })));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, me), ...options, env: { FRIENDER_API_URL: api.url, NO_COLOR: '1', ...options.env } });
  const reports = () =>
    services.get().sequelize.query<{ reported_username: string; reason: string; details: string }>('SELECT reported_username, reason, details FROM reports ORDER BY created_at', { type: QueryTypes.SELECT });

  it('when a script blocks a candidate, a match and someone answered, then each is blocked, listed, and unblocked by name', async () => {
    await person(api.url, 'cand', { zipCode: '10002' });
    const mate = await person(api.url, 'mate', { zipCode: '10002' });
    await answer(api.url, mate, 'safe_me', 'like');
    await answer(api.url, me, 'mate', 'like');
    await person(api.url, 'passed', { zipCode: '10002' });
    await answer(api.url, me, 'passed', 'pass');

    const first = await friender(['block', 'cand']);
    expect([first.code, first.stderr]).to.deep.equal([0, 'Blocked cand. Neither of you will see the other; a match between you has ended. `friender unblock cand` lifts the block.\n']);
    expect(JSON.parse((await friender(['block', 'cand', '--json'])).stdout)).to.deep.equal({ username: 'cand', blocked: true, created: false });
    expect((await friender(['block', 'cand'])).stderr).to.equal('cand is already blocked.\n');
    expect(JSON.parse((await friender(['block', 'MATE', '--json'])).stdout)).to.deep.equal({ username: 'mate', blocked: true, created: true });
    expect(JSON.parse((await friender(['block', 'passed', '--json'])).stdout)).to.deep.equal({ username: 'passed', blocked: true, created: true });
    expect((await call(api.url, 'GET', '/matches', { token: mate.token })).body.count).to.equal(0);

    const listed = await friender(['blocks']);
    expect(listed.stdout).to.match(/^cand {3}blocked \d{4}-\d\d-\d\d\nmate {3}blocked \d{4}-\d\d-\d\d\npassed {3}blocked \d{4}-\d\d-\d\d\n$/);
    const json = JSON.parse((await friender(['blocks', '--json'])).stdout);
    expect(json.count).to.equal(3);
    expect(json.blocks[0]).to.have.keys('username', 'createdAt');
    expect((await friender(['blocks', '--json', 'username'])).stdout).to.equal(JSON.stringify([{ username: 'cand' }, { username: 'mate' }, { username: 'passed' }], null, 2) + '\n');

    const lifted = await friender(['unblock', 'cand']);
    expect([lifted.code, lifted.stderr]).to.deep.equal([0, 'Unblocked cand. A match the block ended stays ended; if you never answered each other, you may see each other again.\n']);
    const again = await friender(['unblock', 'cand']);
    expect([again.code, again.stderr]).to.deep.equal([1, 'You have not blocked cand.\nSee whom you blocked with `friender blocks`.\n']);
    expect(JSON.parse((await friender(['unblock', 'mate', '--json'])).stdout)).to.deep.equal({ username: 'mate', unblocked: true });
  });

  it('when the name is no one the CLI can find, then it says so, exit 1, and nothing is blocked', async () => {
    await person(api.url, 'faraway', { zipCode: '94103' });
    const result = await friender(['block', 'faraway']);
    expect([result.code, result.stderr]).to.deep.equal([1, 'faraway is not someone you can block: not one of your candidates, matches or people you answered.\nSee them with `friender candidates` and `friender matches`.\n']);
    expect(JSON.parse((await friender(['blocks', '--json'])).stdout)).to.deep.equal({ count: 0, blocks: [] });
  });

  it('when blocking on a terminal, then asks first, and no blocks nothing', async () => {
    await person(api.url, 'cand', { zipCode: '10002' });
    const declined = await friender(['block', 'cand'], { tty: true, answers: [{ message: /^Block cand\?/, answer: false }] });
    expect([declined.code, declined.stderr.trim()]).to.deep.equal([1, 'Not blocked.']);
    expect((await friender(['blocks', '--json'])).stdout).to.include('"count": 0');
    const yes = await friender(['block', 'cand'], { tty: true, answers: [{ message: /^Block cand\?/, answer: true }] });
    expect(yes.code).to.equal(0);
  });

  it('when a script reports, then --reason is required and checked against the template\'s options; a reason by number or name reports and blocks', async () => {
    await person(api.url, 'spammer', { zipCode: '10002' });
    const missing = await friender(['report', 'spammer']);
    expect([missing.code, missing.stderr]).to.deep.equal([
      2,
      'Reporting needs --reason when stdin is not a terminal (nothing is asked).\nOne of: spam, harassment, fake profile, underage, inappropriate photos, other.\nFor example: friender report spammer --reason spam\n',
    ]);
    const wrong = await friender(['report', 'spammer', '--reason', 'rude']);
    expect([wrong.code, wrong.stderr]).to.deep.equal([2, '--reason: must be one of: spam, harassment, fake profile, underage, inappropriate photos, other.\n']);
    expect(await reports()).to.deep.equal([]);
    const done = await friender(['report', 'spammer', '--reason', 'Fake Profile', '--details', 'Stock photos.', '--json']);
    expect(done.code, done.stderr).to.equal(0);
    expect(JSON.parse(done.stdout)).to.deep.include({ username: 'spammer', reason: 'fake profile', details: 'Stock photos.', blocked: true });
    expect(await reports()).to.deep.equal([{ reported_username: 'spammer', reason: 'fake profile', details: 'Stock photos.' }]);
    expect(JSON.parse((await friender(['blocks', '--json'])).stdout).blocks.map((b: { username: string }) => b.username)).to.deep.equal(['spammer']);
    // Reported and so blocked: no longer someone to report.
    expect((await friender(['report', 'spammer', '--reason', '1'])).code).to.equal(1);
  });

  it('when reporting a match on a terminal, then asks the reason from the options (by number), the details, and to confirm', async () => {
    const mate = await person(api.url, 'mate', { zipCode: '10002' });
    await answer(api.url, mate, 'safe_me', 'like');
    await answer(api.url, me, 'mate', 'like');
    const result = await friender(['report', 'mate'], {
      tty: true,
      answers: [
        { message: /^Why are you reporting mate\? \(1 spam, 2 harassment, 3 fake profile, 4 underage, 5 inappropriate photos, 6 other\)$/, answer: '9' },
        { message: /^Why are you reporting mate\?/, answer: '2' },
        { message: /^What happened\?/, answer: 'Insults.' },
        { message: /^Report mate for harassment\? This also blocks them\.$/, answer: true },
      ],
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.include('Reported mate (harassment) and blocked them.');
    expect(await reports()).to.deep.equal([{ reported_username: 'mate', reason: 'harassment', details: 'Insults.' }]);
    expect((await call(api.url, 'GET', '/matches', { token: mate.token })).body.count).to.equal(0);
  });
});
