import os from 'node:os';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { services } from '../helpers/services.js';
import { spawnNode } from '../helpers/process.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { call } from '../helpers/http.js';
import { person, type TestUser } from '../helpers/factories.js';
import { moderationLog } from '../helpers/reports.js';

describe('bin/admin (npm run admin): the operator grants and revokes the moderator role', () => {
  let api: TestApi;
  let sam: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (sam = await person(api.url, 'sam')));

  const admin = async (...args: string[]) => {
    const run = spawnNode('dist/bin/admin.js', args, { DATABASE_URL: services.get().databaseUrl });
    const code = await run.exited;
    return { code, output: run.output() };
  };
  const isModerator = async () =>
    (await services.get().sequelize.query<{ moderator: boolean }>("SELECT moderator FROM users WHERE username = 'sam'", { type: QueryTypes.SELECT }))[0]!.moderator;
  const actor = `operator:${os.userInfo().username}`;

  it('when the operator grants the role, then sam is a moderator at once (the root links reports) and the grant is logged', async () => {
    const run = await admin('moderator', 'Sam', '--note', 'runs the Tuesday queue');
    expect(run.code, run.output).to.equal(0);
    expect(run.output).to.equal(`friender-admin: sam is now a moderator (logged as ${actor})\n`);
    expect(await isModerator()).to.equal(true);
    expect((await call(api.url, 'GET', '/', { token: sam.token })).body._links.reports).to.deep.equal({ href: '/reports' });
    expect(await moderationLog()).to.deep.equal([{ actor, action: 'grant-moderator', subject: 'sam', note: 'runs the Tuesday queue', report_id: null }]);
    const list = await admin('moderators');
    expect([list.code, list.output]).to.deep.equal([0, 'sam\n']);
  });

  it('when granted twice, then the second changes and logs nothing; --revoke takes the role away and logs it', async () => {
    await admin('moderator', 'sam');
    const again = await admin('moderator', 'sam');
    expect([again.code, again.output]).to.deep.equal([0, 'friender-admin: sam is already a moderator; nothing changed\n']);
    const revoked = await admin('moderator', 'sam', '--revoke');
    expect([revoked.code, revoked.output]).to.deep.equal([0, `friender-admin: sam is no longer a moderator (logged as ${actor})\n`]);
    expect(await isModerator()).to.equal(false);
    expect((await moderationLog()).map((l) => l.action)).to.deep.equal(['grant-moderator', 'revoke-moderator']);
    const reply = await call(api.url, 'GET', '/reports', { token: sam.token });
    expect([reply.status, (await call(api.url, 'GET', '/', { token: sam.token })).body._links.reports]).to.deep.equal([403, undefined]);
  });

  it('when the name is unknown, then exit 1 with a one-line reason and nothing logged', async () => {
    const run = await admin('moderator', 'nobody_at_all');
    expect([run.code, run.output]).to.deep.equal([1, 'friender-admin: no account is named "nobody_at_all"\n']);
    expect(await moderationLog()).to.deep.equal([]);
  });

  it('when the command line is wrong, then exit 2 with the usage', async () => {
    for (const args of [[], ['moderator'], ['moderator', 'sam', 'extra'], ['promote', 'sam'], ['moderator', 'sam', '--bogus']]) {
      const run = await admin(...args);
      expect(run.code, args.join(' ')).to.equal(2);
      expect(run.output, args.join(' ')).to.match(/usage: npm run admin -- moderator <username> \[--revoke\]/);
    }
    expect(await isModerator()).to.equal(false);
  });

  it('when the database cannot be reached, then exit 1 saying so in one line', async () => {
    const run = spawnNode('dist/bin/admin.js', ['moderator', 'sam'], { DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    expect(await run.exited).to.equal(1);
    expect(run.output().trim()).to.match(/^friender-admin: cannot connect to the database: .*ECONNREFUSED[^\n]*$/);
  });
});
