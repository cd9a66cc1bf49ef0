import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup, type TestUser } from '../../../helpers/factories.js';
import { apiRoot, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender login', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi({ config: { login: { maxFailures: 3, windowSeconds: 60, maxFailuresPerIp: 1000, slowdownAfter: 1000, slowdownSeconds: 10 } } })));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when given --username and the password on stdin, then stores a working login for this API and exits 0', async () => {
    const result = await friender(['login', '--username', user.username, '--password-stdin'], { stdin: `${user.password}\nignored second line\n` });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(`Logged in to ${apiRoot(api.url)} as ${user.username}.\n`);
    const stored = result.store.getLogin(apiRoot(api.url))!;
    expect(stored.username).to.equal(user.username);
    expect((await call(api.url, 'GET', '/me', { token: stored.token })).body.username).to.equal(user.username);
  });

  it('when the username is an email address, then logs in as its owner', async () => {
    const result = await friender(['login', '--json', '--username', user.email, '--password-stdin'], { stdin: `${user.password}\r\n` });
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ username: user.username, api: apiRoot(api.url) });
  });

  it('when the password is wrong, then exits 3 with the API reason and stores nothing', async () => {
    const result = await friender(['login', '--username', user.username, '--password-stdin'], { stdin: 'not the password\n' });
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal('Wrong username or password: The username or password is not right.\n');
    expect(result.store.getLogin(apiRoot(api.url))).to.equal(undefined);
  });

  it('when too many logins failed, then shows the 429 reason with its Retry-After and exits 1', async () => {
    for (let i = 0; i < 3; i += 1) await friender(['login', '--username', user.username, '--password-stdin'], { stdin: 'not the password\n' });
    const result = await friender(['login', '--username', user.username, '--password-stdin'], { stdin: `${user.password}\n` });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^Too many requests: Too many failed logins; try again in \d+ seconds\.\nRetry after \d+ seconds\.\n$/);
  });

  it('when stdin is not a terminal and nothing is given, then exits 2 naming --username and --password-stdin', async () => {
    const result = await friender(['login']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'Missing --username, --password-stdin (stdin is not a terminal, so nothing is asked).\nFor example: echo "$PW" | friender login --username demo --password-stdin\n',
    );
  });

  it('when --password-stdin gets an empty line, then exits 2 naming the flag', async () => {
    const result = await friender(['login', '--username', user.username, '--password-stdin'], { stdin: '\n' });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('--password-stdin: the first line of stdin is empty.');
  });

  it('when on a terminal, then asks the username and a masked password', async () => {
    const result = await friender(['login'], {
      tty: true,
      answers: [
        { message: /^Username or email$/, answer: user.username },
        { message: /^Password$/, answer: user.password },
      ],
    });
    expect(result.code).to.equal(0);
    expect(result.prompter.asked.map((a) => a.kind)).to.deep.equal(['input', 'password']);
    expect(result.store.getLogin(apiRoot(api.url))!.username).to.equal(user.username);
  });

  it('when a stale login is stored, then logging in again replaces it', async () => {
    const store = storeWith(api.url, { username: user.username, token: 'stale.token.value' });
    const result = await friender(['login', '--username', user.username, '--password-stdin'], { stdin: `${user.password}\n`, store });
    expect(result.code).to.equal(0);
    expect(store.getLogin(apiRoot(api.url))!.token).to.not.equal('stale.token.value');
  });
});
