import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { cli } from '../../helpers/harness.js';

const at = '2026-11-27T12:03:00.000Z';
const events = [
  { seq: 1, type: 'match', at, matchId: 8, _links: { match: { href: '/matches/8' } }, _embedded: { match: { id: 8, username: 'cleo' } } },
  { seq: 2, type: 'message', at, matchId: 7, _links: { match: { href: '/matches/7' } }, _embedded: { message: { id: 42, from: 'ben', mine: false, body: 'hi', sentAt: at } } },
  { seq: 3, type: 'read', at, matchId: 7, readUpTo: 41, _links: { match: { href: '/matches/7' } } },
  { seq: 4, type: 'unmatch', at, matchId: 8, _links: { match: { href: '/matches/8' } } },
];

/**
 * A stand-in API speaking the inbox contract, whose events poll fails the way networks do:
 * a 503 with Retry-After, then a dropped connection, between the pages.
 */
async function standIn(options: { inbox?: boolean; token?: string } = {}) {
  const asked: string[] = [];
  let polls = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    asked.push(req.url!);
    const hal = (body: unknown, status = 200) => res.writeHead(status, { 'content-type': status < 400 ? 'application/hal+json' : 'application/problem+json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${options.token ?? 'good'}`) return hal({ title: 'Unauthorized', status: 401 }, 401);
    if (url.pathname === '/') return hal({ _links: { self: { href: '/' }, me: { href: '/me' }, matches: { href: '/matches' }, ...(options.inbox === false ? {} : { inbox: { href: '/inbox' } }) } });
    if (url.pathname === '/inbox') {
      return hal({ count: 1, _links: { self: { href: '/inbox' }, events: { href: '/inbox/events?after=0' } }, _embedded: { conversations: [{ id: 7, username: 'ben', unread: 0, lastMessage: null }] } });
    }
    if (url.pathname === '/inbox/events') {
      polls += 1;
      if (polls === 2) return res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' }).end(JSON.stringify({ title: 'Unavailable', status: 503 }));
      if (polls === 3) return req.socket.destroy();
      const after = Number(url.searchParams.get('after'));
      const page = events.filter((e) => e.seq > after).slice(0, 2);
      if (page.length === 0) return void setTimeout(() => hal({ count: 0, _links: { next: { href: `/inbox/events?after=${after}` } }, _embedded: { events: [] } }), 200);
      return hal({ count: page.length, _links: { next: { href: `/inbox/events?after=${page.at(-1)!.seq}` } }, _embedded: { events: page } });
    }
    return hal({ title: 'Not Found', status: 404 }, 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, asked, close: () => (server.closeAllConnections(), server.close()) };
}

/** Stops `friender watch` the way a terminal does: SIGTERM, once `lines` lines are out (the harness shares this process). */
function stopAfter(lines: number, output: () => string): void {
  const timer = setInterval(() => {
    if (output().split('\n').length > lines) {
      clearInterval(timer);
      process.emit('SIGTERM');
    }
  }, 50);
}

describe('friender watch', () => {
  it('when the connection fails twice between pages, then every event is printed once, in order, as NDJSON, and SIGTERM ends it with 0', async function () {
    this.timeout(20_000);
    const api = await standIn();
    try {
      let out = '';
      const stdout = { get: () => out };
      const run = cli(['watch', '--json'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: 'good' }, onStdout: (text) => (out = text) });
      stopAfter(4, stdout.get);
      const result = await run;
      expect(result.code).to.equal(0);
      const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string; username: string | null });
      expect(lines.map((l) => [l.seq, l.type, l.username])).to.deep.equal([[1, 'match', 'cleo'], [2, 'message', 'ben'], [3, 'read', 'ben'], [4, 'unmatch', 'cleo']]);
      const polls = api.asked.filter((u) => u.startsWith('/inbox/events'));
      expect(polls.slice(0, 4), 'the failed polls are asked again from the same cursor').to.deep.equal(['/inbox/events?after=0', '/inbox/events?after=2', '/inbox/events?after=2', '/inbox/events?after=2']);
      expect(result.stderr).to.match(/Connection lost; retrying in \d+ s…/);
    } finally {
      api.close();
    }
  });

  it('when the API has no inbox, then it says so and exits 1; a refused login exits 3', async () => {
    const api = await standIn({ inbox: false });
    try {
      const none = await cli(['watch'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: 'good' } });
      expect([none.code, none.stderr]).to.deep.equal([1, 'This API has no inbox (the root offers no `inbox` link).\nUse `friender matches` and `friender messages <username> --watch` instead.\n']);
      const refused = await cli(['watch'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: 'bad' } });
      expect(refused.code).to.equal(3);
      const inbox = await cli(['inbox'], { env: { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: 'good' } });
      expect(inbox.code).to.equal(1);
      expect(inbox.stderr).to.match(/^This API has no inbox/);
    } finally {
      api.close();
    }
  });
});
