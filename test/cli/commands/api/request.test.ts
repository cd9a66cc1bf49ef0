import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { person, signupComplete, type TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender api', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signupComplete(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when given a link relation, then follows it from the root and prints the raw HAL document', async () => {
    const result = await friender(['api', 'me'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    const expected = (await call(api.url, 'GET', '/me', { token: user.token })).body;
    expect(JSON.parse(result.stdout)).to.deep.equal(expected);
    expect(result.stdout).to.equal(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('when given a path, then GETs it from the API root', async () => {
    const result = await friender(['api', '/'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout)._links).to.deep.equal({ self: { href: '/' }, me: { href: '/me' }, candidates: { href: '/candidates' }, matches: { href: '/matches' }, inbox: { href: '/inbox' }, health: { href: '/health' }, 'service-desc': { href: '/openapi.json' } });
  });

  it('when given more relations, then follows them one after another', async () => {
    const result = await friender(['api', 'me', 'self'], { store: storeWith(api.url, user) });
    expect(JSON.parse(result.stdout).username).to.equal(user.username);
  });

  it('when not logged in, then shows the anonymous root with its signup and login templates', async () => {
    const result = await friender(['api', '/']);
    expect(result.code).to.equal(0);
    expect(Object.keys(JSON.parse(result.stdout)._templates)).to.deep.equal(['signup', 'login']);
  });

  it('when the relation is not offered, then exits 1 listing the relations that are', async () => {
    const result = await friender(['api', 'me']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('The API offers no `me` link here.\nLinks here: self, health, service-desc.\n');
  });

  it('when the path needs a login and there is none, then exits 3', async () => {
    const result = await friender(['api', '/me']);
    expect(result.code).to.equal(3);
    expect(result.stderr).to.equal('Not logged in: Log in first: send a valid Bearer token.\nRun `friender login` to log in.\n');
  });

  it('when the path does not exist, then prints the problem body on stdout and its title on stderr, and exits 1', async () => {
    const result = await friender(['api', '/nowhere']);
    expect(result.code).to.equal(1);
    const problem = (await call(api.url, 'GET', '/nowhere')).body;
    expect(result.stdout).to.equal(`${JSON.stringify(problem, null, 2)}\n`);
    expect(result.stderr).to.equal('Not found: There is nothing here. Start at / and follow links.\n');
  });

  it('when -X PATCH and -f fields are given, then sends them as typed JSON to the resource the rels lead to', async () => {
    const result = await friender(['api', 'me', '-X', 'patch', '-f', 'bio=New in town', '-f', 'friendRadius=30', '-f', 'hobbies[]=chess', '-f', 'hobbies[]=go'], { store: storeWith(api.url, user) });
    expect(result.code, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.include({ bio: 'New in town', friendRadius: 30 });
    const me = (await call(api.url, 'GET', '/me', { token: user.token })).body;
    expect([me.bio, me.friendRadius, me.hobbies]).to.deep.equal(['New in town', 30, ['chess', 'go']]);
  });

  it('when --input names a file, or - for stdin, then its text is the body', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'friender-api-'));
    const file = path.join(dir, 'edit.json');
    await fs.writeFile(file, '{"bio":"from a file"}');
    try {
      expect((await friender(['api', 'me', '-X', 'PATCH', '--input', file], { store: storeWith(api.url, user) })).code).to.equal(0);
      expect((await call(api.url, 'GET', '/me', { token: user.token })).body.bio).to.equal('from a file');
      const piped = await friender(['api', '/me', '-X', 'PATCH', '--input', '-', '--jq', '.bio'], { store: storeWith(api.url, user), stdin: '{"bio":"from stdin"}' });
      expect([piped.code, piped.stdout]).to.deep.equal([0, 'from stdin\n']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('when the API refuses the body, then prints the problem with its field errors and exits 1', async () => {
    const result = await friender(['api', 'me', '-X', 'PATCH', '-f', 'friendRadius=0'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(1);
    const problem = JSON.parse(result.stdout);
    expect(problem.status).to.equal(422);
    expect(problem.errors.map((e: { field: string }) => e.field)).to.deep.equal(['friendRadius']);
    expect(result.stderr).to.match(/^Invalid input.*\n {2}friendRadius \(--radius\): /);
  });

  it('when -i is given, then prints the status line and headers, a blank line, then the body', async () => {
    const result = await friender(['api', 'me', '-i'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(0);
    const [head, body] = result.stdout.split('\n\n');
    const lines = head!.split('\n');
    expect(lines[0]).to.equal('HTTP/1.1 200 OK');
    expect(lines).to.include('content-type: application/hal+json; charset=utf-8');
    expect(lines).to.include('x-content-type-options: nosniff');
    expect(JSON.parse(`${body}`).username).to.equal(user.username);
  });

  it('when -f is given with -X GET, then the fields are query parameters', async () => {
    for (let i = 0; i < 3; i += 1) await person(api.url, `near_${i}`);
    const result = await friender(['api', 'candidates', '-X', 'GET', '-f', 'limit=2', '--jq', '._embedded.candidates | length'], { store: storeWith(api.url, user) });
    expect([result.code, result.stdout]).to.deep.equal([0, '2\n']);
  });

  it('when --paginate is given, then follows next and prints each page; with --json, one document of all pages', async () => {
    for (let i = 0; i < 13; i += 1) await person(api.url, `near_${i}`);
    const pages = await friender(['api', 'candidates', '--paginate', '--jq', '._embedded.candidates | length'], { store: storeWith(api.url, user) });
    expect([pages.code, pages.stdout]).to.deep.equal([0, '10\n3\n']);
    const merged = await friender(['api', 'candidates', '--paginate', '--json'], { store: storeWith(api.url, user) });
    const doc = JSON.parse(merged.stdout);
    expect(doc.count).to.equal(13);
    expect(new Set(doc._embedded.candidates.map((c: { username: string }) => c.username)).size).to.equal(13);
    expect(doc._links.next).to.equal(undefined);
    const second = await friender(['api', 'candidates', 'next', '--jq', '.count'], { store: storeWith(api.url, user) });
    expect(second.stdout).to.equal('3\n');
  });

  it('when a field is not key=value, or both --input and -f give a body, then exits 2', async () => {
    const bad = await friender(['api', 'me', '-f', 'bio'], { store: storeWith(api.url, user) });
    expect([bad.code, bad.stderr.split('\n')[0]]).to.deep.equal([2, '--field: "bio" is not key=value.']);
    const both = await friender(['api', 'me', '-f', 'bio=x', '--input', '-'], { store: storeWith(api.url, user), stdin: '{}' });
    expect([both.code, both.stderr]).to.deep.equal([2, '--input and --field both give the body: use one of them.\n']);
  });

  it('when no argument is given, then exits 2', async () => {
    const result = await friender(['api']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include("error: missing required argument 'rel-or-path'");
  });
});
