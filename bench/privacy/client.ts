import { Agent, request } from 'undici';

/** What the attacker (and the targets) do over HTTP, as any client of the public API could. */

export interface Answer {
  status: number;
  retryAfter?: string;
  body: Record<string, unknown>;
}

interface TemplateProperty {
  name: string;
  required?: boolean;
}

interface Template {
  method: string;
  target: string;
  properties: TemplateProperty[];
}

export class Client {
  private readonly dispatcher = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  private signupTemplate?: Template;

  constructor(private readonly base: string) {}

  async call(method: string, href: string, token?: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/hal+json, application/problem+json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await request(new URL(href, this.base), {
      method: method as 'GET',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
      headersTimeout: 30_000,
    });
    const text = await res.body.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { text };
    }
    const retryAfter = res.headers['retry-after'];
    return { status: res.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, body: parsed };
  }

  /**
   * Signs up through the root's `signup` template, so a field the API adds (a `birthDate`, say)
   * is seen at run time: an adult birth date is sent if the template has one, and any other
   * required field we cannot fill stops the bench with its name. Answers the token.
   */
  async signup(username: string, password: string): Promise<string> {
    if (!this.signupTemplate) {
      const root = await this.call('GET', '/');
      const template = (root.body._templates as Record<string, Template> | undefined)?.signup;
      if (!template) throw new Error(`GET / (${root.status}) has no signup template`);
      this.signupTemplate = template;
    }
    const { method, target, properties } = this.signupTemplate;
    const known: Record<string, string> = { username, email: `${username}@bench.invalid`, password, birthDate: '1990-06-15' };
    const body: Record<string, string> = {};
    for (const p of properties) {
      if (known[p.name] !== undefined) body[p.name] = known[p.name]!;
      else if (p.required) throw new Error(`the signup template requires "${p.name}", which this bench does not know how to fill`);
    }
    const res = await this.call(method, target, undefined, body);
    if (res.status !== 201 || typeof res.body.token !== 'string') throw new Error(`signup ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** PATCH /me; anything but 200 is the caller's to judge (a refused ZIP edit is a result, not an error). */
  patchMe(token: string, edit: Record<string, unknown>): Promise<Answer> {
    return this.call('PATCH', '/me', token, edit);
  }

  /**
   * The distance the API shows `viewer` for `username`, or undefined if it is not shown (404: not
   * a candidate; or no distance field). Today `distance` is whole miles; should it become a band
   * ("5–10", {min, max}), the attacker takes the middle of the numbers it is given.
   */
  async distance(token: string, username: string): Promise<{ status: number; distance?: number }> {
    const res = await this.call('GET', `/candidates/${encodeURIComponent(username)}`, token);
    if (res.status !== 200) return { status: res.status };
    return { status: res.status, distance: numeric(res.body.distance) };
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const numbers =
    typeof value === 'string' ? (value.match(/\d+(?:\.\d+)?/g) ?? []).map(Number) :
    value && typeof value === 'object' ? Object.values(value).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)) :
    [];
  return numbers.length ? numbers.reduce((a, b) => a + b, 0) / numbers.length : undefined;
}
