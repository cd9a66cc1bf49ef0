import net from 'node:net';

export interface RawReply {
  status: number;
  reason: string;
  /** By lower-case name. */
  headers: Record<string, string>;
  body: string;
  /** What came after this answer's Content-Length on the same connection. */
  rest: string;
}

/**
 * Sends bytes no HTTP client would (a 20 KB header, garbage for a request line) on a plain
 * socket and reads everything up to the moment the server closes the connection. Each part after
 * the first is written once the server has answered something, as a kept-alive client would.
 */
export function rawExchange(port: number, parts: Array<string | Buffer>, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const pending = [...parts];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close within ${timeoutMs} ms; got: ${JSON.stringify(Buffer.concat(chunks).toString())}`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(pending.shift()!));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      if (pending.length) socket.write(pending.shift()!);
    });
    // The server may reset a connection it closed with our bytes still unread; what it wrote first still counts.
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString());
    });
  });
}

/** The first answer in what a server sent. */
export function parseRaw(text: string): RawReply {
  const split = text.indexOf('\r\n\r\n');
  if (split === -1) throw new Error(`not an HTTP answer: ${JSON.stringify(text)}`);
  const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
  const match = /^HTTP\/1\.1 (\d{3}) (.*)$/.exec(statusLine!);
  if (!match) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  const after = text.slice(split + 4);
  const length = headers['content-length'] === undefined ? after.length : Number(headers['content-length']);
  return { status: Number(match[1]), reason: match[2]!, headers, body: after.slice(0, length), rest: after.slice(length) };
}

export async function rawRequest(port: number, bytes: string | Buffer): Promise<RawReply> {
  return parseRaw(await rawExchange(port, [bytes]));
}
