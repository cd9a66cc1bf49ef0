import { expect } from 'chai';
import { backoffMs, followEvents, inboxOf, type Getter } from '../../../../cli/commands/inbox/events.js';
import { ApiError, AuthError, CliError, ConnectionError } from '../../../../cli/errors.js';
import type { HalDocument } from '../../../../cli/hal.js';

/** An events page as the contract has it: the events after `after`, and `next` from the newest returned. */
function page(after: number, events: HalDocument[]): HalDocument {
  const newest = events.at(-1)?.seq ?? after;
  return { count: events.length, _links: { self: { href: `/inbox/events?after=${after}` }, next: { href: `/inbox/events?after=${String(newest)}` } }, _embedded: { events } };
}
const message = (seq: number) => ({ seq, type: 'message', at: '2026-11-27T12:03:00.000Z', matchId: 7, _embedded: { message: { id: seq * 10, from: 'ben', mine: false, body: `m${seq}` } } });

/** A stand-in API: answers each request with the next scripted outcome (a page builder or an error). */
function scripted(outcomes: Array<((after: number) => HalDocument) | Error>): Getter & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(href: string) {
      asked.push(href);
      const next = outcomes.shift();
      if (!next) throw new Error('the script ran out');
      if (next instanceof Error) throw next;
      return next(Number(new URL(href, 'http://x').searchParams.get('after')));
    },
  };
}

async function drain(getter: Getter, stopAfter: number, sleeps: number[] = []): Promise<number[]> {
  const stop = new AbortController();
  const got: number[] = [];
  for await (const list of followEvents(getter, '/inbox/events?after=0', stop.signal, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 })) {
    got.push(...list.map((e) => Number(e.seq)));
    if (got.length >= stopAfter) stop.abort();
  }
  return got;
}

describe('following the inbox events stream', () => {
  it('when the network drops and the server answers 503 between pages, then it asks again from the same cursor: nothing lost, nothing twice', async () => {
    const api = scripted([
      (after) => page(after, [message(1), message(2)]),
      new ConnectionError('reset'),
      new ApiError({ title: 'Unavailable', status: 503 }),
      (after) => page(after, [message(3)]),
      (after) => page(after, []), // the server's wait ran out: an empty page, same cursor
      (after) => page(after, [message(4)]),
    ]);
    const sleeps: number[] = [];
    expect(await drain(api, 4, sleeps)).to.deep.equal([1, 2, 3, 4]);
    expect(api.asked).to.deep.equal(['/inbox/events?after=0', '/inbox/events?after=2', '/inbox/events?after=2', '/inbox/events?after=2', '/inbox/events?after=3', '/inbox/events?after=3']);
    expect(sleeps, 'backoff doubles, and starts over after an answer').to.deep.equal([750, 1500]);
  });

  it('when a server repeats an event already received, then it is yielded once', async () => {
    const api = scripted([(after) => page(after, [message(1), message(2)]), () => page(1, [message(2), message(3)])]);
    expect(await drain(api, 3)).to.deep.equal([1, 2, 3]);
  });

  it('when the server says Retry-After, then it waits at least that long; the backoff is capped at 30 s with jitter', () => {
    expect(backoffMs(0, () => 0, 5)).to.equal(5000);
    expect(backoffMs(0, () => 0.999)).to.be.within(500, 1000);
    expect(backoffMs(3, () => 0)).to.equal(4000);
    expect(backoffMs(20, () => 0)).to.equal(15_000);
    expect(backoffMs(20, () => 0.9999)).to.be.at.most(30_000);
  });

  it('when the login is refused (401) or the server refuses the request (4xx), then it stops with that error at once', async () => {
    const refused = scripted([new AuthError('Unauthorized')]);
    let caught: unknown;
    await drain(refused, 1).catch((err) => (caught = err));
    expect(caught).to.be.instanceOf(AuthError);
    const gone = scripted([new ApiError({ title: 'Not Found', status: 404 })]);
    caught = undefined;
    await drain(gone, 1).catch((err) => (caught = err));
    expect(caught).to.be.instanceOf(ApiError);
  });

  it('when the root has no inbox link, then the error says this API has no inbox', async () => {
    let caught: unknown;
    await inboxOf(scripted([]), { _links: { self: { href: '/' }, me: { href: '/me' } } }).catch((err) => (caught = err));
    expect(caught).to.be.instanceOf(CliError);
    expect((caught as Error).message).to.equal('This API has no inbox (the root offers no `inbox` link).');
  });
});
