import { QueryTypes, type Sequelize } from 'sequelize';
import type { User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { missingFields } from '../profile/service.js';
import { loadPeople, type Person } from '../people/cards.js';
import type { Cursor } from './schemas.js';

const LABELS: Record<string, string> = { hobbies: 'hobbies', interests: 'interests', zipCode: 'a ZIP code', friendRadius: 'a friend radius' };

export function incomplete(missing: string[]): HttpProblem {
  return new HttpProblem(409, 'profile-incomplete', 'Profile incomplete', `Add ${missing.map((f) => LABELS[f] ?? f).join(', ')} to your profile to see and answer candidates.`, {
    errors: missing.map((field) => ({ field, message: 'is required before you can swipe' })),
    links: { me: { href: '/me' } },
  });
}

/**
 * The viewer's radius, as places within it (GiST on zip_codes.location), then the complete
 * profiles placed there (index-only on users_candidates_idx), minus everyone the viewer
 * answered: NOT IN over the swipes primary key's prefix becomes one hashed set per query, where
 * NOT EXISTS probed an index once per nearby user (140 ms of 178 at 100 miles and 45,000
 * people). `near` is materialized so each distance is computed once per place, not once per
 * user. Within `near`, the box is narrowed by the straight-line chord (cube_distance, in C)
 * and the great-circle distance computed from it with asin: earth_distance's sec_to_gc is an
 * SQL function PostgreSQL does not inline, about 3 µs a call. Everyone is measured at their
 * place, never their ZIP (migrations/0008 says why), from the viewer's ZIP, and is in reach when
 * the whole miles shown are within the radius, so a radius can learn no more than a card shows.
 * Pages are ordered by those whole miles too: a cursor carries nothing finer. Shared tags are
 * counted on hashed ids.
 */
export const CANDIDATES_SQL = `
  WITH me AS (
    SELECT u.tag_ids, u.friend_radius AS miles, (u.friend_radius + 1) * 1609.344 AS radius, z.location, earth() AS r
    FROM users u JOIN zip_codes z ON z.zip = u.zip_code
    WHERE u.id = $1 AND u.complete
  ), near AS MATERIALIZED (
    SELECT zip, friender_miles(meters) AS miles FROM (
      SELECT zip, miles AS radius, round(2 * r * asin(least(1, chord / (2 * r))))::int AS meters FROM (
        SELECT z.zip, me.miles, cube_distance(z.location, me.location) AS chord, me.r
        FROM zip_codes z, me
        WHERE earth_box(me.location, me.radius) @> z.location
        OFFSET 0 -- computes each chord once, not once to filter and again to project
      ) box
    ) measured WHERE friender_miles(meters) <= radius
  )
  SELECT c.id, c.miles, c.score FROM (
    SELECT u.id, near.miles, icount(u.tag_ids & (SELECT tag_ids FROM me)) AS score
    FROM near JOIN users u ON u.place_zip = near.zip AND u.complete
    WHERE u.id <> $1
      AND u.id NOT IN (SELECT s.swipee_id FROM swipes s WHERE s.swiper_id = $1)
  ) c
  WHERE $3::int IS NULL OR (-c.score, c.miles, c.id) > (-$3::int, $4::int, $5::uuid)
  ORDER BY c.score DESC, c.miles ASC, c.id ASC
  LIMIT $2`;

/** One user, checked against the same rules: complete, someone else, their place within the viewer's radius. */
const IN_REACH = `
  SELECT id, username, miles FROM (
    SELECT t.id, t.username, v.friend_radius, friender_miles(round(earth_distance(zt.location, zv.location))::int) AS miles
    FROM users v JOIN zip_codes zv ON zv.zip = v.zip_code, users t JOIN zip_codes zt ON zt.zip = t.place_zip
    WHERE v.id = $1 AND lower(t.username) = lower($2) AND t.complete AND t.id <> v.id
  ) one WHERE miles <= friend_radius`;

/** Someone the viewer already answered, found by name alone: where anyone is plays no part. */
const ANSWERED = `
  SELECT t.id, t.username, s.liked FROM swipes s JOIN users t ON t.id = s.swipee_id
  WHERE s.swiper_id = $1 AND lower(t.username) = lower($2)`;

export interface Reach {
  id: string;
  username: string;
  /** The distance band, in miles, between the two places. */
  miles: number;
}

export interface Answered {
  id: string;
  username: string;
  liked: boolean;
}

interface Row {
  id: string;
  miles: number;
  score: number;
}

export interface CandidatePage {
  people: Person[];
  next?: Cursor;
}

export function createCandidateService(deps: { sequelize: Sequelize }) {
  const { sequelize } = deps;

  function requireComplete(viewer: User): void {
    const missing = missingFields(viewer);
    if (missing.length > 0) throw incomplete(missing);
  }

  return {
    requireComplete,

    async page(viewer: User, limit: number, after?: Cursor): Promise<CandidatePage> {
      requireComplete(viewer);
      const rows = await sequelize.query<Row>(CANDIDATES_SQL, {
        bind: [viewer.id, limit + 1, after?.score ?? null, after?.miles ?? null, after?.id ?? null],
        type: QueryTypes.SELECT,
      });
      const shown = rows.slice(0, limit);
      const people = await loadPeople(sequelize, shown.map((r) => r.id), new Map(shown.map((r) => [r.id, r.miles])));
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
      const [person] = await loadPeople(sequelize, [found.id], new Map([[found.id, found.miles]]));
      if (!person) throw notACandidate(username);
      return person;
    },

    /** The viewer's answer to username, if they gave one. */
    async answered(viewer: User, username: string): Promise<Answered | undefined> {
      const [row] = await sequelize.query<Answered>(ANSWERED, { bind: [viewer.id, username], type: QueryTypes.SELECT });
      return row;
    },

    /** Whether username is within the viewer's reach, answered or not. */
    async reach(viewer: User, username: string): Promise<Reach> {
      requireComplete(viewer);
      const [row] = await sequelize.query<Reach>(IN_REACH, { bind: [viewer.id, username], type: QueryTypes.SELECT });
      if (!row) throw notACandidate(username);
      return row;
    },
  };
}

export function notACandidate(username: string): HttpProblem {
  return problems.notFound(`${username} is not one of your candidates.`);
}

export type CandidateService = ReturnType<typeof createCandidateService>;
