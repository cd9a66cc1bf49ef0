import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signup as signupUser } from '../../../helpers/factories.js';
import { jpeg } from '../../../helpers/images.js';
import { apiRoot, cli, type CliOptions } from '../../helpers/harness.js';

describe('friender signup', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when given every flag and the password on stdin, then creates the account, stores the login for this API and exits 0', async () => {
    const result = await friender(['signup', '--username', 'sam', '--email', 'sam@example.com', '--birth-date', '1990-05-17', '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      `Welcome, sam! You are logged in to ${apiRoot(api.url)}.\nNext: add hobbies, interests, your ZIP code and a friend radius with \`friender profile edit\`.\n`,
    );
    const stored = result.store.getLogin(apiRoot(api.url))!;
    expect(stored.username).to.equal('sam');
    const me = await call(api.url, 'GET', '/me', { token: stored.token });
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ username: 'sam', email: 'sam@example.com', birthDate: '1990-05-17' });
  });

  it('when --json is given, then prints the username and API as JSON on stdout', async () => {
    const result = await friender(['signup', '--json', '--username', 'sam', '--email', 'sam@example.com', '--birth-date', '1990-05-17', '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ username: 'sam', api: apiRoot(api.url) });
    expect(result.stderr).to.equal('');
  });

  it('when stdin is not a terminal and --email is missing, then exits 2 naming --email and sends nothing', async () => {
    const result = await friender(['signup', '--username', 'sam', '--birth-date', '1990-05-17', '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('Missing --email (stdin is not a terminal, so nothing is asked).');
    expect((await call(api.url, 'POST', '/sessions', { json: { username: 'sam', password: 'correct horse' } })).status).to.equal(401);
  });

  it('when stdin is not a terminal and no flag is given, then exits 2 naming --username, --email, --birth-date and --password-stdin', async () => {
    const result = await friender(['signup']);
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('Missing --username, --email, --birth-date, --password-stdin (stdin is not a terminal, so nothing is asked).');
  });

  it('when stdin is not a terminal and only --birth-date is missing, then exits 2 naming it, with an example that has it', async () => {
    const result = await friender(['signup', '--username', 'sam', '--email', 'sam@example.com', '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(2);
    expect(result.stderr.split('\n')[0]).to.equal('Missing --birth-date (stdin is not a terminal, so nothing is asked).');
    expect(result.stderr).to.include('--birth-date 1990-05-17');
  });

  it('when the birth date is under 18, then the API reason is printed beside --birth-date, exit 1, and no login is stored', async () => {
    const young = new Date(Date.now() - 17 * 365 * 86_400_000).toISOString().slice(0, 10);
    const result = await friender(['signup', '--username', 'kid', '--email', 'kid@example.com', '--birth-date', young, '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('  birthDate (--birth-date): you must be 18 or older to use Friender\n');
    expect(result.store.getLogin(apiRoot(api.url))).to.equal(undefined);
  });

  it('when the API refuses the input, then prints each field error with its flag and exits 1', async () => {
    const result = await friender(['signup', '--username', 'no way!', '--email', 'not-an-email', '--birth-date', '1990-05-17', '--password-stdin'], { stdin: 'short\n' });
    expect(result.code).to.equal(1);
    expect(result.stderr.split('\n').slice(1, 4)).to.deep.equal([
      '  username (--username): may only contain a-z, 0-9 and _',
      '  email (--email): must be a valid email address',
      '  password: must be at least 8 characters',
    ]);
    expect(result.stderr).to.match(/^Invalid input: /);
    expect(result.store.getLogin(apiRoot(api.url))).to.equal(undefined);
  });

  it('when the username is taken, then says so and exits 1', async () => {
    await signupUser(api.url, { username: 'sam' });
    const result = await friender(['signup', '--username', 'sam', '--email', 'other@example.com', '--birth-date', '1990-05-17', '--password-stdin'], { stdin: 'correct horse\n' });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Already taken: username is already taken\n  username (--username): is already taken\n');
  });

  it('when on a terminal, then asks with the template prompts, checks limits locally and asks the password twice until both match', async () => {
    const result = await friender(['signup'], {
      tty: true,
      answers: [
        { message: /^Username/, answer: 'sa' },
        { message: /^Username/, answer: 'sam' },
        { message: /^Email$/, answer: 'sam@example.com' },
        { message: /^Birth date/, answer: '1990-02-30' },
        { message: /^Birth date/, answer: '1990-05-17' },
        { message: /^Password/, answer: 'correct horse' },
        { message: /^Repeat the password$/, answer: 'correct hoarse' },
        { message: /^Password/, answer: 'short' },
        { message: /^Password/, answer: 'correct horse' },
        { message: /^Repeat the password$/, answer: 'correct horse' },
        { message: /^Add photos now\?$/ },
      ],
    });
    expect(result.code).to.equal(0);
    expect(result.prompter.unused).to.deep.equal([]);
    expect(result.prompter.asked.map((a) => [a.kind, a.message, a.refused])).to.deep.equal([
      ['input', 'Username (3–30 of a-z, 0-9, _)', ['needs at least 3 characters']],
      ['input', 'Email', []],
      ['input', 'Birth date (YYYY-MM-DD; you must be 18 or older; never shown, others see your age)', ['must be a real date written YYYY-MM-DD']],
      ['password', 'Password (8–72 bytes)', []],
      ['password', 'Repeat the password', []],
      ['password', 'Password (8–72 bytes)', ['needs at least 8 characters']],
      ['password', 'Repeat the password', []],
      ['confirm', 'Add photos now?', []],
    ]);
    expect(result.prompter.asked.at(-1)!.default).to.equal(false);
    expect(result.stderr).to.include('The passwords do not match; try again.\n');
    expect(result.store.getLogin(apiRoot(api.url))!.username).to.equal('sam');
    expect((await call(api.url, 'POST', '/sessions', { json: { username: 'sam', password: 'correct horse' } })).status).to.equal(201);
  });

  it('when on a terminal and photos are wanted, then uploads the files named (quoted names with spaces too) before saying what is next', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-signup-'));
    try {
      await fs.writeFile(path.join(dir, 'me at the lake.jpg'), await jpeg(120, 90));
      await fs.writeFile(path.join(dir, 'notes.txt'), 'not a photo');
      const result = await friender(['signup', '--username', 'pia', '--email', 'pia@example.com', '--birth-date', '1990-05-17'], {
        tty: true,
        answers: [
          { message: /^Password/, answer: 'correct horse' },
          { message: /^Repeat the password$/, answer: 'correct horse' },
          { message: /^Add photos now\?$/, answer: true },
          { message: /^Photo files/, answer: path.join(dir, 'missing.jpg') },
          { message: /^Photo files/, answer: `"${path.join(dir, 'me at the lake.jpg')}" ${path.join(dir, 'notes.txt')}` },
        ],
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.prompter.asked.at(-1)!.refused).to.deep.equal([`no such file: ${path.join(dir, 'missing.jpg')}`]);
      expect(result.stderr).to.equal(
        `Welcome, pia! You are logged in to ${apiRoot(api.url)}.\n` +
          `Added ${path.join(dir, 'me at the lake.jpg')} as photo 1 of 1.\n` +
          `Could not add ${path.join(dir, 'notes.txt')}: is not a JPEG, PNG or WebP image.\n` +
          'Add the rest later with `friender photos add <files...>`.\n' +
          'Next: add hobbies, interests, your ZIP code and a friend radius with `friender profile edit`.\n',
      );
      const token = result.store.getLogin(apiRoot(api.url))!.token;
      expect((await call(api.url, 'GET', '/me/photos', { token })).body.count).to.equal(1);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
