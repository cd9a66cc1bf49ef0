import { Agent, request } from 'undici';

/* eslint-disable @typescript-eslint/no-explicit-any -- HAL documents are walked, not typed */
export type Doc = any;

export interface Answer {
  status: number;
  body: Doc;
}

/**
 * A client that does what the CLI does: starts at `/`, follows `_links` with GET and sends
 * `_templates` to their `target` with their `method`; it never builds a URL itself. Network
 * errors are thrown as they come: retrying is the caller's decision (it depends on the method).
 */
export class HalWalker {
  token: string | undefined;

  constructor(readonly base: string, readonly agent: Agent = new Agent({ keepAliveTimeout: 2_000 })) {}

  async get(href: string, signal?: AbortSignal): Promise<Answer> {
    return this.send('GET', href, undefined, signal);
  }

  async send(method: string, href: string, body?: unknown, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await request(new URL(href, this.base), {
      method: method as 'GET',
      dispatcher: this.agent,
      signal,
      headers: {
        accept: 'application/hal+json, application/problem+json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  }

  /** GET `/`, then each relation in turn from the document before. */
  async follow(...rels: string[]): Promise<Doc> {
    let doc = (await this.expect(this.get('/'), 200)).body;
    for (const rel of rels) {
      const href = doc._links?.[rel]?.href;
      if (!href) throw new Error(`no ${rel} link in ${JSON.stringify(doc).slice(0, 300)}`);
      doc = (await this.expect(this.get(href), 200)).body;
    }
    return doc;
  }

  /** Sends a document's template `name` with `fields`. */
  submit(doc: Doc, name: string, fields?: unknown, headers?: Record<string, string>): Promise<Answer> {
    const template = doc._templates?.[name];
    if (!template) throw new Error(`no ${name} template in ${JSON.stringify(doc).slice(0, 300)}`);
    return this.send(template.method, template.target ?? doc._links.self.href, fields, undefined, headers);
  }

  async expect(answer: Promise<Answer>, status: number): Promise<Answer> {
    const got = await answer;
    if (got.status !== status) throw new Error(`expected ${status}, got ${got.status}: ${JSON.stringify(got.body)}`);
    return got;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}
