export interface Reply {
  status: number;
  headers: Headers;
  contentType: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/**
 * Every password a test sends and every response it gets, so the root hook can check
 * after each test that no response ever carried a password or a bcrypt hash.
 */
export const leakWatch = { passwords: new Set<string>(), responses: [] as string[] };

export function findLeak(responses: string[], passwords: string[]): string | undefined {
  for (const text of responses) {
    if (/\$2[aby]\$\d\d\$/.test(text)) return `a response carried a bcrypt hash: ${text.slice(0, 300)}`;
    if (passwords.some((p) => text.includes(p) || text.includes(JSON.stringify(p).slice(1, -1)))) {
      return `a response carried a password: ${text.slice(0, 300)}`;
    }
  }
  return undefined;
}

/** A tiny HTTP client for API tests: real requests, parsed bodies, nothing hidden. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/problem+json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  const password = (options.json as { password?: unknown } | undefined)?.password;
  if (typeof password === 'string' && password.length >= 6) leakWatch.passwords.add(password);
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(new URL(path, base), { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  leakWatch.responses.push([...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n' + text);
  const contentType = res.headers.get('content-type') ?? '';
  let parsed: unknown = undefined;
  if (text && contentType.includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, contentType, body: parsed, text };
}
