import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { apiRoot, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender account delete', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const canLogIn = async () => (await call(api.url, 'POST', '/sessions', { json: { username: user.username, password: user.password } })).status === 201;

  it('when given --password-stdin and --yes, then deletes the account, forgets the login and exits 0', async () => {
    const result = await friender(['account', 'delete', '--password-stdin', '--yes'], { stdin: `${user.password}\n` });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal(`Account ${user.username} deleted. Goodbye!\n`);
    expect(result.store.getLogin(apiRoot(api.url))).to.equal(undefined);
    expect(await canLogIn()).to.equal(false);
  });

  it('when --json is given, then prints the outcome as JSON', async () => {
    const result = await friender(['account', 'delete', '--json', '--password-stdin', '--yes'], { stdin: `${user.password}\n` });
    expect(JSON.parse(result.stdout)).to.deep.equal({ deleted: true, username: user.username, api: apiRoot(api.url) });
  });

  it('when stdin is not a terminal and --yes is missing, then exits 2 naming --yes and deletes nothing', async () => {
    const result = await friender(['account', 'delete', '--password-stdin'], { stdin: `${user.password}\n` });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('Deleting an account needs --yes when stdin is not a terminal (nothing is asked).');
    expect(await canLogIn()).to.equal(true);
  });

  it('when stdin is not a terminal and --password-stdin is missing, then exits 2 naming it', async () => {
    const result = await friender(['account', 'delete', '--yes']);
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('A password is needed: pass --password-stdin and pipe it in (stdin is not a terminal, so nothing is asked).');
  });

  it('when the password is wrong, then shows the API reason, exits 1 and keeps the account and the login', async () => {
    const result = await friender(['account', 'delete', '--password-stdin', '--yes'], { stdin: 'not my password\n' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Invalid input: password: does not match your password\n  password: does not match your password\n');
    expect(result.store.getLogin(apiRoot(api.url))!.username).to.equal(user.username);
    expect(await canLogIn()).to.equal(true);
  });

  it('when on a terminal and the confirmation is declined, then deletes nothing and exits 1', async () => {
    const result = await friender(['account', 'delete', '--no-color'], { tty: true, answers: [{ message: /^Delete the account/, answer: false }] });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Nothing deleted.\n');
    expect(result.prompter.asked.map((a) => [a.kind, a.message, a.default])).to.deep.equal([
      ['confirm', `Delete the account ${user.username} and everything in it? This cannot be undone.`, false],
    ]);
    expect(await canLogIn()).to.equal(true);
  });

  it('when on a terminal and confirmed, then asks the password masked and deletes the account', async () => {
    const result = await friender(['account', 'delete'], {
      tty: true,
      answers: [
        { message: /^Delete the account/, answer: true },
        { message: /^Your password, to confirm$/, answer: user.password },
      ],
    });
    expect(result.code).to.equal(0);
    expect(result.prompter.asked.map((a) => a.kind)).to.deep.equal(['confirm', 'password']);
    expect(await canLogIn()).to.equal(false);
  });

  it('when not logged in, then exits 3', async () => {
    const result = await cli(['account', 'delete', '--password-stdin', '--yes'], { stdin: 'x\n', env: { FRIENDER_API_URL: api.url } });
    expect(result.code).to.equal(3);
  });
});
