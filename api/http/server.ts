import fs from 'node:fs';
import type http from 'node:http';
import type { Socket } from 'node:net';

export interface ServerSettings {
  /** Open connections at most; past it the oldest connection without a request in progress goes. */
  maxConnections: number;
  /** How long a client may take to send a request's headers. */
  headersTimeoutSeconds: number;
  /** How long a client may take to send a whole request, body included (an upload on a slow line). */
  requestTimeoutSeconds: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutSeconds: number;
}

/**
 * Half the soft open-files limit (each connection is a file descriptor, and the database pool,
 * storage calls and files need some too), at most 10,000; 1,000 where the limit cannot be read.
 */
export function defaultMaxConnections(): number {
  try {
    const soft = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'))?.[1];
    if (soft) return Math.max(64, Math.min(10_000, Math.floor(Number(soft) / 2)));
  } catch {
    // Not Linux: no /proc.
  }
  return 1_000;
}

/**
 * The limits that keep the API answering when clients misbehave: a slow-header flood (thousands of
 * sockets each sending half a header) used to exhaust the file descriptors and refuse everyone for
 * the 60 s Node waits for headers. Call before listen(): Node reads the checking interval then.
 *
 * The cap evicts rather than refuses: when a new connection would pass it, the oldest connection
 * that has no request in progress (one still dribbling its headers, or idle between requests) is
 * closed. A flood of half-sent headers therefore churns through itself, while a client that sends
 * a whole request at once is served; only when every connection is busy is the new one refused.
 */
export function applyServerLimits(server: http.Server, settings: ServerSettings): void {
  server.headersTimeout = settings.headersTimeoutSeconds * 1000;
  server.requestTimeout = settings.requestTimeoutSeconds * 1000;
  server.keepAliveTimeout = settings.keepAliveTimeoutSeconds * 1000;
  // Node enforces both timeouts only when it walks its connections (every 30 s by default), so a
  // 10 s header limit could let a socket sit for 40 s.
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = Math.min(1000, server.headersTimeout); // not in @types/node 20

  const open = new Set<Socket>(); // in the order they connected: oldest first
  const busy = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    if (open.size <= settings.maxConnections) return;
    for (const old of open) {
      if (old !== socket && !busy.has(old)) {
        old.destroy();
        return;
      }
    }
    socket.destroy();
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    busy.add(socket);
    res.once('close', () => busy.delete(socket));
  });
}
