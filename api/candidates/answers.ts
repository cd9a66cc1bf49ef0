import { QueryTypes, type Sequelize } from 'sequelize';
import { preparedQueries } from '../db/prepared.js';
import type { Clock } from '../clock.js';
import { modelsOf, type Match, type User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { notACandidate, type CandidateService } from './service.js';
import { cannotUndo, undoable, UNDO_SQL, type Undoable } from './undo.js';
import type { Transaction } from 'sequelize';

/** $1 the viewer, $2 the one they answer: what a new answer must know, read at once. */
const PAIR_SQL = `
  SELECT (SELECT liked FROM swipes WHERE swiper_id = $1 AND swipee_id = $2) AS given,
         EXISTS (SELECT 1 FROM blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)) AS blocked,
         EXISTS (SELECT 1 FROM swipes WHERE swiper_id = $2 AND swipee_id = $1 AND liked) AS back`;

const INSERT_SQL = `
  INSERT INTO swipes (swiper_id, swipee_id, liked, created_at) VALUES ($1, $2, $3, $4)
  RETURNING (SELECT count(*) FROM swipes o WHERE o.swiper_id = $1 AND o.created_at >= $4)::int AS rivals`;

/** PostgreSQL's SQLSTATE for a foreign key that points nowhere. */
const FOREIGN_KEY_VIOLATION = '23503';

export interface Answer {
  username: string;
  liked: boolean;
  /** false when this repeats an answer already given (nothing changed). */
  created: boolean;
  /** The live match, when this like made one (or repeats the like that did). */
  match?: Match;
  /** A pass just given that can be taken back (it is the latest answer): known without asking again. */
  undoable?: Undoable;
}

/** The per-pair lock likes and blocks take, so a block and a like of one pair run one after the other: one key per pair, whichever side asks. */
const pairKey = (one: string, other: string) => [one, other].sort().join(':');
const PAIR_LOCK = 'pg_advisory_xact_lock(hashtextextended($1, 0))';

export async function lockPair(sequelize: Sequelize, one: string, other: string, transaction: Transaction): Promise<void> {
  await preparedQueries(sequelize)('friender_lock_pair', `SELECT ${PAIR_LOCK}`, [pairKey(one, other)], transaction);
}

/**
 * Likes and passes. Both users of a pair take the same transaction-scoped advisory lock, so
 * two likes at the same instant run one after the other: the second sees the first and
 * makes the match, exactly once (the unique pair is the last line of defence).
 */
export function createAnswerService(deps: { sequelize: Sequelize; candidates: CandidateService; clock: Clock; undoSeconds: number }) {
  const { sequelize, clock } = deps;
  const { Match } = modelsOf(sequelize);
  // A like or pass is the loop's most frequent request: its statements are prepared (db/prepared.ts).
  const prepared = preparedQueries(sequelize);
  const since = () => new Date(clock.now().getTime() - deps.undoSeconds * 1000);

  return {
    /** The pass the viewer may take back now, if any (undo.ts says which). */
    undoable: (viewer: User) => undoable(sequelize, viewer.id, since()),

    /**
     * Takes back the viewer's pass on username: only their latest answer, only a pass, only
     * within the window. One conditional DELETE decides, under the pair's lock, so two undos at
     * once take back one pass, and an undo racing a new answer never removes anything but the
     * pass it names, as it was when judged.
     */
    async undo(viewer: User, username: string): Promise<{ username: string }> {
      const given = await deps.candidates.answered(viewer, username);
      if (!given) throw problems.notFound(`You have not answered ${username}.`);
      if (given.liked) throw cannotUndo(`You liked ${given.username}; a like is not taken back here. To end a match, unmatch.`);
      return sequelize.transaction(async (transaction) => {
        await lockPair(sequelize, viewer.id, given.id, transaction);
        const [gone] = await sequelize.query<{ id: string }>(UNDO_SQL, { bind: [viewer.id, given.id, since()], type: QueryTypes.SELECT, transaction });
        if (gone) return { username: given.username };
        const still = await deps.candidates.answered(viewer, username);
        if (!still) throw problems.notFound(`You have not answered ${username}.`);
        const latest = await undoable(sequelize, viewer.id, new Date(0), transaction);
        throw cannotUndo(
          latest?.id === given.id
            ? `Your pass on ${given.username} is more than ${deps.undoSeconds} seconds old; it can no longer be taken back.`
            : `Only your latest answer can be taken back, and your pass on ${given.username} is not it.`,
        );
      });
    },

    /** The viewer's own answer to username, as it stands (with the live match it made); 404 if they gave none. */
    async given(viewer: User, username: string): Promise<Answer> {
      const answered = await deps.candidates.answered(viewer, username);
      if (!answered) throw problems.notFound(`You have not answered ${username}.`);
      const [userA, userB] = [viewer.id, answered.id].sort() as [string, string];
      const match = answered.liked ? await Match.findOne({ where: { userA, userB, endedAt: null } }) : null;
      return { username: answered.username, liked: answered.liked, created: false, match: match ?? undefined };
    },

    async answer(viewer: User, username: string, liked: boolean): Promise<Answer> {
      deps.candidates.requireComplete(viewer);
      // Someone already answered is answered the same way wherever they are and whatever the
      // viewer's radius now: repeating or changing an answer must not tell whether they are in reach.
      const target = await deps.candidates.target(viewer, username);
      const [userA, userB] = [viewer.id, target.id].sort() as [string, string];
      return sequelize.transaction(async (transaction) => {
        // The pair's lock, then the viewer's, in one statement: the viewer's answers are taken one at
        // a time, so the INSERT below sees every earlier one and knows whether it is the latest.
        await prepared('friender_lock_answer', `SELECT ${PAIR_LOCK}, pg_advisory_xact_lock(hashtextextended($2, 3))`, [pairKey(userA, userB), viewer.id], transaction);
        // Read under the lock, in one statement (its snapshot is taken after the lock is held):
        // an answer given already, a block taken since the lookup above (blocks take the same
        // lock), and the other's like — which, under the same lock, cannot change before commit.
        const [pair] = await prepared<{ given: boolean | null; blocked: boolean; back: boolean }>('friender_answer_pair', PAIR_SQL, [viewer.id, target.id], transaction);
        const name = target.username;
        if (pair!.given !== null) {
          if (pair!.given !== liked) {
            throw new HttpProblem(409, 'already-answered', 'Already answered', `You already ${pair!.given ? 'liked' : 'passed on'} ${name}; an answer cannot be changed.`);
          }
          const match = liked ? await Match.findOne({ where: { userA, userB, endedAt: null }, transaction }) : null;
          return { username: name, liked, created: false, match: match ?? undefined };
        }
        // Someone blocked is refused as any non-candidate is, so no match is ever made.
        if (pair!.blocked) throw notACandidate(username);
        let latest = false;
        try {
          // Stamped by the injected clock: the undo window is measured on it.
          // RETURNING sees the answers as they were before this one: none at or after its instant
          // means it is the latest (undo.ts), so a pass's undo needs no query of its own.
          const [row] = await prepared<{ rivals: number }>('friender_swipe_insert', INSERT_SQL, [viewer.id, target.id, liked, clock.now()], transaction);
          latest = row!.rivals === 0;
        } catch (err) {
          // They deleted their account a moment ago: as absent as anyone else who is not a candidate.
          if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw notACandidate(username);
          throw err;
        }
        if (!liked) return { username: name, liked, created: true, undoable: latest && deps.undoSeconds > 0 ? { id: target.id, username: name } : undefined };
        const back = pair!.back;
        if (back) {
          // A suspension locks the account's row (reports/service.ts): a match is made before it, and
          // ended by it, or not at all — never a live match with someone suspended a moment ago.
          const [both] = await sequelize.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM (SELECT 1 FROM users WHERE id IN ($1, $2) AND suspended_at IS NULL FOR SHARE) live',
            { bind: [userA, userB], type: QueryTypes.SELECT, transaction },
          );
          if (both?.n !== 2) throw notACandidate(username);
        }
        const match = back ? await Match.create({ userA, userB }, { transaction }) : undefined;
        return { username: name, liked, created: true, match };
      });
    },
  };
}

export type AnswerService = ReturnType<typeof createAnswerService>;
