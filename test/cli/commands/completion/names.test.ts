import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import type { TestUser } from '../../../helpers/factories.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';
import { matchedAna } from '../../helpers/matched.js';

/**
 * The real API behind a front that asks for one match a page (the root's `matches` link gets
 * ?limit=1, and the API's own `next` links keep it); with `hold`, a page after the first never answers.
 */
async function onePerPage(apiUrl: string, hold = false): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const server = http.createServer(async (req, res) => {
    asked.push(req.url!);
    if (hold && req.url!.includes('after=')) return; // until the client gives up
    const reply = await fetch(new URL(req.url!, apiUrl), { headers: { accept: String(req.headers.accept ?? ''), authorization: String(req.headers.authorization ?? '') } });
    let text = await reply.text();
    if (req.url === '/') {
      const root = JSON.parse(text);
      if (root._links?.matches) root._links.matches.href = '/matches?limit=1';
      text = JSON.stringify(root);
    }
    res.writeHead(reply.status, { 'content-type': reply.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('friender __complete (usernames for shell completion)', () => {
  let api: TestApi;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (ana = await matchedAna(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when asked for candidates, then prints their usernames one a line', async () => {
    const result = await friender(['__complete', 'candidates']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'ben\n', '']);
  });

  it('when asked for matches, then prints the usernames of the matches, newest first', async () => {
    const result = await friender(['__complete', 'matches']);
    expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'dan\ncleo\n', '']);
  });

  it('when the matches come a page at a time, then it follows `next` and prints the names from every page', async () => {
    const front = await onePerPage(api.url);
    try {
      const result = await cli(['__complete', 'matches'], { env: { FRIENDER_API_URL: front.url, FRIENDER_TOKEN: ana.token } });
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'dan\ncleo\n', '']);
      const pages = front.asked.filter((u) => u.startsWith('/matches'));
      expect(pages).to.have.length(2); // dan's page, then cleo's (the last: no `next`)
      expect(pages[1]).to.match(/^\/matches\?limit=1&after=/);
    } finally {
      await front.close();
    }
  });

  it('when a later page of matches is too slow, then it stops at its time limit and prints the names read by then', async () => {
    const front = await onePerPage(api.url, true);
    try {
      const started = Date.now();
      const result = await cli(['__complete', 'matches'], { env: { FRIENDER_API_URL: front.url, FRIENDER_TOKEN: ana.token } });
      expect([result.code, result.stdout, result.stderr]).to.deep.equal([0, 'dan\n', '']);
      expect(Date.now() - started).to.be.lessThan(2500);
    } finally {
      await front.close();
    }
  });

  it('when not logged in, or the source is unknown, then prints nothing and succeeds, without a prompt', async () => {
    const anonymous = await cli(['__complete', 'matches'], { tty: true, env: { FRIENDER_API_URL: api.url } });
    expect([anonymous.code, anonymous.stdout, anonymous.stderr, anonymous.prompter.asked]).to.deep.equal([0, '', '', []]);
    const unknown = await friender(['__complete', 'photos']);
    expect([unknown.code, unknown.stdout, unknown.stderr]).to.deep.equal([0, '', '']);
  });

  it('when the API cannot be reached or rejects the login, then prints nothing, quickly, and succeeds', async () => {
    const started = Date.now();
    const down = await friender(['__complete', 'candidates'], { env: { FRIENDER_API_URL: 'http://127.0.0.1:9' }, store: storeWith('http://127.0.0.1:9', ana) });
    expect([down.code, down.stdout, down.stderr]).to.deep.equal([0, '', '']);
    const rejected = await friender(['__complete', 'matches'], { env: { FRIENDER_TOKEN: 'not-a-token' } });
    expect([rejected.code, rejected.stdout, rejected.stderr]).to.deep.equal([0, '', '']);
    expect(Date.now() - started).to.be.lessThan(2000);
  });
});
