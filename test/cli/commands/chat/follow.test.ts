import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { follow } from '../../../../cli/commands/chat/conversation.js';
import { HalClient } from '../../../../cli/hal-client.js';

/** A stand-in API whose next link fails the way networks do, then recovers. */
describe('following a conversation through network trouble', () => {
  it('when a poll fails (503, then a dropped connection), then it retries from the same cursor and nothing is lost or repeated', async () => {
    const asked: string[] = [];
    let calls = 0;
    const server = http.createServer((req, res) => {
      asked.push(req.url!);
      calls += 1;
      if (calls === 1) return res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' }).end(JSON.stringify({ title: 'Down', status: 503 }));
      if (calls === 2) return req.socket.destroy();
      const after = Number(new URL(req.url!, 'http://x').searchParams.get('after'));
      const messages = after < 2 ? [{ id: 1, body: 'one' }, { id: 2, body: 'two' }].filter((m) => m.id > after) : [];
      res.writeHead(200, { 'content-type': 'application/hal+json' }).end(
        JSON.stringify({ _links: { next: { href: `/m?after=${messages.at(-1)?.id ?? after}` } }, _embedded: { messages } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const stop = new AbortController();
    const retries: number[] = [];
    const got: string[] = [];
    try {
      for await (const list of follow(new HalClient(base), { _links: { next: { href: '/m?after=0' } } }, stop.signal, (s) => retries.push(s))) {
        got.push(...list.map((m) => String(m.body)));
        if (got.length >= 2) stop.abort();
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(got).to.deep.equal(['one', 'two']);
    expect(retries).to.deep.equal([1, 2]);
    expect(asked).to.deep.equal(['/m?after=0', '/m?after=0', '/m?after=0']);
  });
});
