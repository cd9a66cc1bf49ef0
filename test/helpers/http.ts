export interface Reply {
  status: number;
  headers: Headers;
  contentType: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** A tiny HTTP client for API tests: real requests, parsed bodies, nothing hidden. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { accept: 'application/hal+json, application/problem+json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(new URL(path, base), { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let parsed: unknown = undefined;
  if (text && contentType.includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, contentType, body: parsed, text };
}
