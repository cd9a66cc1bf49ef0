import type { Doc, HalWalker } from './hal-walk.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Seen {
  id: string;
  body: string;
}

/**
 * A reader that follows a conversation's `next` for as long as it is let: each answer is a page of
 * what came after the last one. A network error or a 5xx is retried with the same `next` — the
 * cursor is in the link, so nothing is skipped or seen twice. Everything it saw is in `seen`.
 */
export class Poller {
  readonly seen: Seen[] = [];
  retries = 0;
  /** True while a poll is on its way or held. */
  holding = false;
  private readonly done = new AbortController();
  readonly finished: Promise<void>;

  constructor(private readonly walker: HalWalker, firstPage: Doc) {
    this.finished = this.run(firstPage._links.next.href as string);
  }

  private async run(first: string): Promise<void> {
    let href = first;
    while (!this.done.signal.aborted) {
      try {
        this.holding = true;
        const page = await this.walker.get(href, this.done.signal);
        this.holding = false;
        if (page.status !== 200) throw new Error(`status ${page.status}`);
        for (const m of page.body._embedded.messages as Doc[]) this.seen.push({ id: String(m.id), body: m.body as string });
        href = page.body._links.next.href as string;
      } catch {
        this.holding = false;
        if (this.done.signal.aborted) return;
        this.retries += 1;
        await pause(200);
      }
    }
  }

  async stop(): Promise<void> {
    this.done.abort();
    await this.finished;
  }
}

/**
 * A writer that sends numbered messages through the page's `send` template. A send that got no
 * 201 (the instance died with it, nginx answered 502) is not known to be lost or stored: it is
 * sent again as a new message (`try 2`), never replayed as the same one. `acknowledged` holds what
 * the API confirmed, by message id.
 */
export class Sender {
  readonly acknowledged = new Map<string, string>();
  readonly attempts: string[] = [];
  failures = 0;

  constructor(private readonly walker: HalWalker, private readonly page: Doc, private readonly name: string) {}

  /** Sends one message, trying again until one try is acknowledged. */
  async sendOne(n: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const body = `${this.name} #${n} try ${attempt}`;
      this.attempts.push(body);
      try {
        const answer = await this.walker.submit(this.page, 'send', { body });
        if (answer.status === 201) {
          this.acknowledged.set(String(answer.body.id), body);
          return;
        }
      } catch {
        // the connection broke: as good as a 502
      }
      this.failures += 1;
      await pause(200);
    }
  }

  /** Sends messages one after another, `gapMs` apart, until `enough(count sent)` says so. */
  async run(enough: (sent: number) => boolean, gapMs: number): Promise<void> {
    for (let n = 1; !enough(n - 1); n += 1) {
      await this.sendOne(n);
      await pause(gapMs);
    }
  }
}

/** Every message of a conversation, oldest first, following `earlier` from the newest page. */
export async function wholeConversation(walker: HalWalker, messagesHref: string): Promise<Seen[]> {
  const pages: Seen[][] = [];
  let href: string | undefined = messagesHref;
  while (href) {
    const page: Doc = (await walker.expect(walker.get(href), 200)).body;
    pages.unshift((page._embedded.messages as Doc[]).map((m) => ({ id: String(m.id), body: m.body as string })));
    href = page._links.earlier?.href;
  }
  return pages.flat();
}
