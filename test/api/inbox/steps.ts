import { call } from '../../helpers/http.js';
import { answer, type TestUser } from '../../helpers/factories.js';

export interface Event {
  seq: number;
  type: string;
  matchId: string;
  readUpTo?: number;
  _links: Record<string, { href: string }>;
  _embedded?: { message?: { id: number; from: string; mine: boolean; body: string }; match?: { id: string; username: string } };
}

/** Steps the inbox stories share: matching two people, and reading the events stream. */
export function inboxSteps(base: () => string) {
  const get = (who: TestUser, href: string, at = base()) => call(at, 'GET', href, { token: who.token });
  return {
    get,
    /** Both like each other; the match's href. */
    async match(one: TestUser, other: TestUser): Promise<string> {
      await answer(base(), one, other.username, 'like');
      return (await answer(base(), other, one.username, 'like')).body._links.match.href as string;
    },
    /** Where the user's events begin now (the inbox's events link). */
    async from(who: TestUser): Promise<string> {
      return (await get(who, '/inbox')).body._links.events.href as string;
    },
    /** The events after href, answering at once (wait=0); the events and the next href. */
    async take(who: TestUser, href: string, at = base()): Promise<{ events: Event[]; next: string }> {
      const reply = await get(who, `${href}&wait=0`, at);
      if (reply.status !== 200) throw new Error(`events: ${reply.status} ${reply.text}`);
      return { events: reply.body._embedded.events as Event[], next: reply.body._links.next.href as string };
    },
    send: (who: TestUser, match: string, body: string, at = base()) => call(at, 'POST', `${match}/messages`, { token: who.token, json: { body } }),
  };
}
