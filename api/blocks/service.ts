import { ForeignKeyConstraintError, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { missingFields } from '../profile/service.js';
import { lockPair } from '../candidates/answers.js';
import { notACandidate, type CandidateService } from '../candidates/service.js';
import type { MatchService } from '../matches/service.js';
import { BLOCKS_PAGE } from './schemas.js';

export interface Blocked {
  username: string;
  createdAt: Date;
}

export interface BlockPage {
  blocks: Blocked[];
  /** The username the next page starts after, when there is one. */
  next?: string;
}

export interface Target {
  id: string;
  username: string;
}

const BY_NAME = 'SELECT id, username FROM users WHERE lower(username) = lower($1)';

/**
 * Blocks: one row per blocker and blocked, and either direction hides each from the other
 * everywhere (candidates/rules.ts for decks and lookups; a block ends the live match, which
 * takes matches, conversations and held polls with it).
 *
 * Whom one may block: someone one can see now (a candidate), has a live match with, or has
 * answered; someone one blocked already (so a repeat is a no-op). Anyone else is the same 404
 * as a non-candidate, so blocking is no oracle for which names exist or where people are.
 */
export function createBlockService(deps: { sequelize: Sequelize; candidates: CandidateService; matches: MatchService }) {
  const { sequelize, candidates, matches } = deps;

  const byName = async (username: string): Promise<Target | undefined> =>
    (await sequelize.query<Target>(BY_NAME, { bind: [username], type: QueryTypes.SELECT }))[0];

  async function blockedByMe(viewer: User, username: string): Promise<Blocked & Target | undefined> {
    const [row] = await sequelize.query<Blocked & Target>(
      `SELECT u.id, u.username, b.created_at AS "createdAt" FROM blocks b JOIN users u ON u.id = b.blocked_id
        WHERE b.blocker_id = $1 AND lower(u.username) = lower($2)`,
      { bind: [viewer.id, username], type: QueryTypes.SELECT },
    );
    return row ? { ...row, createdAt: new Date(row.createdAt) } : undefined;
  }

  /** Someone the viewer may block now (see above), or the 404 a non-candidate gets. */
  async function blockable(viewer: User, username: string): Promise<Target> {
    const found = (await blockedByMe(viewer, username)) ?? (await candidates.answered(viewer, username)) ?? (await matches.withUser(viewer, username))?.other.user;
    if (found) return { id: found.id, username: found.username };
    // An incomplete profile has no candidates: a 404 here, not a 409 that would say nothing more.
    if (missingFields(viewer).length === 0) {
      const reach = await candidates.reach(viewer, username).catch(absentAs404);
      if (reach) return { id: reach.id, username: reach.username };
    }
    throw notACandidate(username);
  }

  /**
   * Inside the caller's transaction: under the pair's lock (the one likes take), records the
   * block and ends their live match as an unmatch by the blocker would. Says whether the block is new.
   */
  async function blockIn(viewer: User, target: Target, transaction: Transaction): Promise<boolean> {
    await lockPair(sequelize, viewer.id, target.id, transaction);
    let created: boolean;
    try {
      const rows = await sequelize.query(
        'INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING RETURNING 1',
        { bind: [viewer.id, target.id], type: QueryTypes.SELECT, transaction },
      );
      created = rows.length > 0;
    } catch (err) {
      // They deleted their account a moment ago: as absent as anyone else who is not a candidate.
      if (err instanceof ForeignKeyConstraintError) throw notACandidate(target.username);
      throw err;
    }
    await matches.endBetween(viewer.id, target.id, transaction);
    return created;
  }

  return {
    blockable,
    blockIn,

    async block(viewer: User, username: string): Promise<{ username: string; created: boolean }> {
      const target = await blockable(viewer, username);
      const created = await sequelize.transaction((transaction) => blockIn(viewer, target, transaction));
      return { username: target.username, created };
    },

    /** One of the viewer's blocks; anyone not blocked by the viewer is a 404. */
    async one(viewer: User, username: string): Promise<Blocked> {
      const found = await blockedByMe(viewer, username);
      if (!found) throw notBlocked(username);
      return { username: found.username, createdAt: found.createdAt };
    },

    /** Removes the block only: a match it ended stays ended, answers stay given. */
    async unblock(viewer: User, username: string): Promise<void> {
      const target = await byName(username);
      const removed = target
        ? await sequelize.query(
          // Both ranked decks left the other out (candidates/deck.ts): both are ranked again.
          `WITH gone AS (DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2 RETURNING 1),
                forgot AS (DELETE FROM deck_builds WHERE viewer_id IN ($1, $2) AND EXISTS (SELECT FROM gone))
           SELECT 1 FROM gone`,
          { bind: [viewer.id, target.id], type: QueryTypes.SELECT },
        )
        : [];
      if (removed.length === 0) throw notBlocked(username);
    },

    /** The viewer's blocks in username order, a page at a time. */
    async list(viewer: User, after?: string): Promise<BlockPage> {
      const rows = await sequelize.query<Blocked>(
        `SELECT u.username, b.created_at AS "createdAt" FROM blocks b JOIN users u ON u.id = b.blocked_id
          WHERE b.blocker_id = $1 AND ($2::text IS NULL OR u.username > $2) ORDER BY u.username LIMIT $3`,
        { bind: [viewer.id, after ?? null, BLOCKS_PAGE + 1], type: QueryTypes.SELECT },
      );
      const blocks = rows.slice(0, BLOCKS_PAGE).map((r) => ({ username: r.username, createdAt: new Date(r.createdAt) }));
      return { blocks, next: rows.length > BLOCKS_PAGE ? blocks[blocks.length - 1]?.username : undefined };
    },
  };
}

/** A lookup's 404 as nobody found; any other failure (the database away) stays what it is. */
export function absentAs404(err: unknown): undefined {
  if (err instanceof HttpProblem && err.status === 404) return undefined;
  throw err;
}

export const notBlocked = (username: string) => problems.notFound(`You have not blocked ${username}.`);

export type BlockService = ReturnType<typeof createBlockService>;
