import type { Sequelize } from 'sequelize';
import { namedStatement, preparedQueries } from '../db/prepared.js';
import type { User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { missingFields } from '../profile/service.js';
import { loadPeople, type Person } from '../people/cards.js';
import type { Cursor } from './schemas.js';
import { ME, pairRules, ruleBinds } from './rules.js';
import { createDeck, type DeckSettings } from './deck.js';
import type { Clock } from '../clock.js';
import { dayOf } from '../accounts/schemas.js';
import { requireAwake } from '../profile/snooze.js';

export { REACH_FLOOR } from './rules.js';

const LABELS: Record<string, string> = { birthDate: 'your birth date', hobbies: 'hobbies', interests: 'interests', zipCode: 'a ZIP code', friendRadius: 'a friend radius' };

export function incomplete(missing: string[]): HttpProblem {
  return new HttpProblem(409, 'profile-incomplete', 'Profile incomplete', `Add ${missing.map((f) => LABELS[f] ?? f).join(', ')} to your profile to see and answer candidates.`, {
    errors: missing.map((field) => ({ field, message: 'is required before you can swipe' })),
    links: { me: { href: '/me' } },
  });
}

export { CANDIDATES_SQL } from './ranking.js';

/** One user by name, checked against the same rules (answers aside): complete, someone else, in reach. */
const APART = 'friender_miles(round(earth_distance(zu.location, me.place))::int)';
const IN_REACH = `
  WITH me AS (${ME})
  SELECT x.id, x.username, x.miles FROM (
    SELECT u.id, u.username, me.reach, ${APART} AS apart,
           friender_miles(round(earth_distance(zu.location, me.home))::int) AS miles
    FROM me, users u JOIN zip_codes zu ON zu.zip = u.place_zip
    WHERE lower(u.username) = lower($username) AND u.complete AND u.suspended_at IS NULL AND u.id <> $viewer
      AND ${pairRules(APART)}
  ) x WHERE x.apart <= x.reach`;

/** Someone the viewer already answered, found by name alone: where anyone is plays no part. */
const ANSWERED = `
  SELECT t.id, t.username, s.liked FROM swipes s JOIN users t ON t.id = s.swipee_id
  WHERE s.swiper_id = $1 AND lower(t.username) = lower($2)`;

// Prepared once per connection (db/prepared.ts): PostgreSQL planned these for about as long as it ran them.
const REACH = namedStatement('friender_candidates_reach', IN_REACH);

/**
 * Both lookups an answer starts with, in one round trip: the answer already given if there is one
 * (and then nothing else: someone answered is answered wherever they are), else the person if in reach.
 */
const TARGET = namedStatement('friender_candidates_target', `
  WITH given AS (${ANSWERED.replace('$1', '$viewer').replace('$2', '$username')})
  SELECT id, username, NULL::int AS miles FROM given
  UNION ALL
  SELECT r.id, r.username, r.miles FROM (${IN_REACH}) r WHERE NOT EXISTS (SELECT FROM given)`);

export interface Reach {
  id: string;
  username: string;
  /** Whole miles from the viewer's ZIP to their place, as shown. */
  miles: number;
}

export interface Answered {
  id: string;
  username: string;
  liked: boolean;
}

export interface CandidatePage {
  people: Person[];
  next?: Cursor;
}

export function createCandidateService(deps: { sequelize: Sequelize; clock: Clock; deck: DeckSettings; log?: (line: string) => void }) {
  const { sequelize, clock } = deps;
  const deck = createDeck({ sequelize, settings: deps.deck, log: deps.log });
  const prepared = preparedQueries(sequelize);

  /** The viewer may swipe: a complete profile, and not snoozed (snooze.ts). */
  function requireComplete(viewer: User): void {
    const missing = missingFields(viewer);
    if (missing.length > 0) throw incomplete(missing);
    requireAwake(viewer, clock.now());
  }

  return {
    requireComplete,
    /** Waits for decks being ranked ahead in the background. */
    settle: () => deck.settle(),

    async page(viewer: User, limit: number, after?: Cursor): Promise<CandidatePage> {
      requireComplete(viewer);
      // One reading of the clock: the ages shown are the ages the deck was filtered by.
      const now = clock.now();
      const rows = await deck.page(viewer, limit + 1, after, now);
      const shown = rows.slice(0, limit);
      const people = await loadPeople(sequelize, shown.map((r) => r.id), new Map(shown.map((r) => [r.id, r.miles])), dayOf(now));
      const last = shown[shown.length - 1];
      return { people, next: rows.length > limit && last ? { score: last.score, miles: last.miles, id: last.id } : undefined };
    },

    /**
     * A user the viewer may answer now: in reach and not answered yet. Anyone else — answered,
     * out of reach, incomplete, unknown, the viewer — is the same 404, and someone answered is
     * a 404 before reach is even looked at.
     */
    async one(viewer: User, username: string): Promise<Person> {
      requireComplete(viewer);
      if (await this.answered(viewer, username)) throw notACandidate(username);
      const found = await this.reach(viewer, username);
      const [person] = await loadPeople(sequelize, [found.id], new Map([[found.id, found.miles]]), dayOf(clock.now()));
      if (!person) throw notACandidate(username);
      return person;
    },

    /** The viewer's answer to username, if they gave one. */
    async answered(viewer: User, username: string): Promise<Answered | undefined> {
      const [row] = await prepared<Answered>('friender_candidates_answered', ANSWERED, [viewer.id, username]);
      return row;
    },

    /**
     * Whom an answer is about: someone the viewer already answered (wherever they are now), else
     * someone in reach; answered() ?? reach() in one statement. The caller has checked the viewer may swipe.
     */
    async target(viewer: User, username: string): Promise<Reach> {
      const [row] = await prepared<Reach>(TARGET.name, TARGET.text, TARGET.values({ ...ruleBinds(viewer.id, clock.now()), username }));
      if (!row) throw notACandidate(username);
      return row;
    },

    /** Whether username is within the viewer's reach, answered or not. */
    async reach(viewer: User, username: string): Promise<Reach> {
      requireComplete(viewer);
      const [row] = await prepared<Reach>(REACH.name, REACH.text, REACH.values({ ...ruleBinds(viewer.id, clock.now()), username }));
      if (!row) throw notACandidate(username);
      return row;
    },
  };
}

export function notACandidate(username: string): HttpProblem {
  return problems.notFound(`${username} is not one of your candidates.`);
}

export type CandidateService = ReturnType<typeof createCandidateService>;
