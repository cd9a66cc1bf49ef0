import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface Proxy {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** What `before` may answer in the API's place (a failure the API would not give when asked). */
export interface Answer {
  status: number;
  body: unknown;
}

// Hop-by-hop, or set again by whoever sends the request or the answer on.
const DROPPED = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * A pass-through in front of the API that records every request a client makes and may act
 * (say, as another terminal) before passing one on, or answer it itself: what a client sends, seen from outside.
 */
export async function startProxy(target: string, before?: (request: Seen) => Promise<void | Answer>): Promise<Proxy> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = { method: req.method!, url: req.url!, headers: req.headers };
    seen.push(request);
    const answer = await before?.(request);
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    const headers = Object.entries(req.headers).flatMap(([name, value]) => (DROPPED.has(name) || value === undefined ? [] : [[name, String(value)] as [string, string]]));
    const upstream = await fetch(new URL(req.url!, target), { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(upstream.status, [...upstream.headers].filter(([name]) => !DROPPED.has(name)).flat());
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
