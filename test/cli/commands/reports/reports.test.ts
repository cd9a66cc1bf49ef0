import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { person, type TestUser } from '../../../helpers/factories.js';
import { fileReport, makeModerator, moderationLog } from '../../../helpers/reports.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender reports / reports resolve', () => {
  let api: TestApi;
  let mod: TestUser;
  let ana: TestUser;
  let sly: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    mod = await person(api.url, 'mod_mia', { zipCode: '60601' });
    await makeModerator('mod_mia');
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    sly = await person(api.url, 'sly', { zipCode: '10002' });
  });
  const friender = (argv: string[], options: CliOptions & { as?: TestUser } = {}) =>
    cli(argv, { store: storeWith(api.url, options.as ?? mod), ...options, env: { FRIENDER_API_URL: api.url, NO_COLOR: '1', ...options.env } });

  it('when a moderator lists reports, then one line each, oldest first, with a header; --json has the evidence and the actions', async () => {
    const older = await fileReport('ana', 'sly', { createdAt: '2026-11-01T09:30:00Z', reason: 'harassment', details: 'kept messaging after I said no\nthree times' });
    const newer = await fileReport('sly', 'ana', { createdAt: '2026-11-02T10:00:00Z', evidence: { profile: { username: 'ana' }, messages: [] } });
    await fileReport('mod_mia', 'sly', { createdAt: '2026-11-03T10:00:00Z' });
    const result = await friender(['reports', '--limit', '2']);
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID +REPORTED AT +ABOUT +BY +REASON +OTHERS +EVIDENCE +DETAILS$/);
    expect(lines[1]).to.match(new RegExp(`^${older.slice(0, 8)}  2026-11-01 09:30  sly +ana +harassment +\\+1 +1 msg +kept messaging after I said no three ti…$`));
    expect(lines[2]).to.match(new RegExp(`^${newer.slice(0, 8)}  2026-11-02 10:00  ana +sly +spam +0 msgs$`));
    expect(lines).to.have.length(3);
    expect(result.stderr).to.include('More open reports wait: `friender reports --limit 52`.');
    const json = JSON.parse((await friender(['reports', '--json'])).stdout);
    expect(json.count).to.equal(3);
    expect(json.reports[0]).to.deep.include({ id: older, reporter: 'ana', reported: 'sly', reason: 'harassment', otherOpenReports: 1, actions: ['dismiss', 'suspend'] });
    expect(json.reports[0].evidence.messages).to.have.length(1);
    const picked = JSON.parse((await friender(['reports', '--json', 'id,reported'])).stdout);
    expect(picked).to.deep.equal([{ id: older, reported: 'sly' }, { id: newer, reported: 'ana' }, { id: picked[2].id, reported: 'sly' }]);
  });

  it('when there are none, then says so and exits 0', async () => {
    const result = await friender(['reports']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, '', 'No open reports.\n']);
  });

  it('when someone who is not a moderator asks, then exits 1 saying only moderators see reports, and resolve does nothing', async () => {
    const id = await fileReport('sly', 'ana');
    const result = await friender(['reports'], { as: ana });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal('Only moderators can see reports, and ana is not one.\nAn operator grants the role with `npm run admin -- moderator <username>`.\n');
    const resolve = await friender(['reports', 'resolve', id.slice(0, 8), '--dismiss', '--note', 'mine now'], { as: ana });
    expect(resolve.code).to.equal(1);
    expect(await moderationLog()).to.deep.equal([]);
  });

  it('when resolving with --suspend and a note, then the account is suspended (its login stops) and the answer says what else it did', async () => {
    const id = await fileReport('ana', 'sly');
    await fileReport('mod_mia', 'sly');
    const result = await friender(['reports', 'resolve', id.slice(0, 8), '--suspend', '--note', 'asked for money']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('Suspended sly: logged out everywhere, hidden from everyone, 0 match(es) ended, 1 other open report(s) resolved too.\n');
    expect((await call(api.url, 'GET', '/me', { token: sly.token })).status).to.equal(401);
    expect(await moderationLog()).to.deep.equal([{ actor: 'mod_mia', action: 'suspend', subject: 'sly', note: 'asked for money', report_id: id }]);
    expect((await friender(['reports'])).stderr).to.equal('No open reports.\n');
  });

  it('when resolving with --dismiss --json, then prints the resolved report; the same id again exits 1 as no longer open', async () => {
    const id = await fileReport('ana', 'sly');
    const result = await friender(['reports', 'resolve', id, '--dismiss', '--note', 'fine', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({ id, status: 'dismissed', reported: 'sly', note: 'fine', resolvedBy: 'mod_mia', alsoResolved: 0, matchesEnded: 0 });
    expect((await call(api.url, 'GET', '/me', { token: sly.token })).status).to.equal(200);
    const again = await friender(['reports', 'resolve', id, '--suspend', '--note', 'second thoughts']);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal(`No open report has the id ${id}: it may have been resolved already.\nSee the open ones with \`friender reports\`.\n`);
  });

  it('when the command line is incomplete without a terminal, then exits 2 without asking or sending anything', async () => {
    const id = await fileReport('ana', 'sly');
    const cases: Array<[string[], RegExp]> = [
      [['reports', 'resolve', id], /^Give exactly one of --suspend and --dismiss\./],
      [['reports', 'resolve', id, '--suspend', '--dismiss', '--note', 'x'], /^Give exactly one of --suspend and --dismiss\./],
      [['reports', 'resolve', id, '--suspend'], /^Resolving a report needs --note when stdin is not a terminal \(nothing is asked\)\./],
      [['reports', 'resolve', id, '--dismiss', '--note', '  '], /^--note: Say why/],
      [['reports', 'resolve', id, '--dismiss', '--note', 'x'.repeat(1001)], /^--note: At most 1000 characters\./],
      [['reports', 'resolve', 'zz', '--dismiss', '--note', 'x'], /is not a report id/],
    ];
    for (const [argv, message] of cases) {
      const result = await friender(argv);
      expect(result.code, argv.join(' ')).to.equal(2);
      expect(result.stderr, argv.join(' ')).to.match(message);
    }
    expect(await moderationLog()).to.deep.equal([]);
  });

  it('when a shell completes `reports resolve`, then a moderator is offered the open reports\' short ids and anyone else nothing', async () => {
    const first = await fileReport('ana', 'sly', { createdAt: '2026-11-01T00:00:00Z' });
    const second = await fileReport('sly', 'ana', { createdAt: '2026-11-02T00:00:00Z' });
    const result = await friender(['__complete', 'reports']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, `${first.slice(0, 8)}\n${second.slice(0, 8)}\n`, '']);
    const other = await friender(['__complete', 'reports'], { as: ana });
    expect([other.code, other.stdout, other.stderr]).to.deep.equal([0, '', '']);
    expect((await friender(['completion', 'bash'])).stdout).to.include("'reports resolve:0') REPLY='reports'");
  });

  it('when the note is missing on a terminal, then asks for it (refusing a blank one) and resolves', async () => {
    const id = await fileReport('ana', 'sly');
    const result = await friender(['reports', 'resolve', id.slice(0, 8), '--dismiss'], { tty: true, answers: [{ message: /^Why dismiss it\?/, answer: ' ' }, { message: /^Why dismiss it\?/, answer: 'old argument' }] });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.prompter.asked[0]!.refused).to.deep.equal(['Say why: the note is kept in the moderation log.']);
    expect((await moderationLog())[0]!.note).to.equal('old argument');
  });
});
