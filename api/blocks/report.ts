import { QueryTypes, type Sequelize } from 'sequelize';
import type { User } from '../db/models.js';
import { problems } from '../http/problems.js';
import { UUID } from '../http/ids.js';
import { secondsUntil, type Limiter } from '../limits/limiter.js';
import { missingFields } from '../profile/service.js';
import { lockPair } from '../candidates/answers.js';
import { notACandidate, type CandidateService } from '../candidates/service.js';
import type { MatchService } from '../matches/service.js';
import { serializePerson, type Person } from '../people/cards.js';
import type { PhotoService } from '../photos/service.js';
import { absentAs404, type BlockService } from './service.js';
import type { ReportInput } from './schemas.js';

/** The messages a report keeps: the newest of the conversation, never more. */
export const EVIDENCE_MESSAGES = 50;
const DAY = 24 * 3600;

export interface Report {
  id: string;
  username: string;
  reason: string;
  details: string;
  createdAt: Date;
}

interface Seen {
  person: Person;
  cardSelf: string;
  matchId?: string;
}

/**
 * Reports, the reporter's side. A report is about someone the reporter can see now — a live
 * match, or a candidate on their deck — and anyone else is the same 404 as a non-candidate,
 * with nothing stored. It blocks them in the same transaction (a report is a block with a
 * reason), and keeps as evidence exactly what the reporter was shown: the card as the API
 * serves it to them (no email, ZIP, place or birth date: cards never carry them) with photo
 * ids, and the newest EVIDENCE_MESSAGES messages of their live conversation, if any.
 */
export function createReportService(deps: {
  sequelize: Sequelize; candidates: CandidateService; matches: MatchService; blocks: BlockService; photos: PhotoService; limiter: Limiter; perDay: number;
}) {
  const { sequelize, candidates, matches, blocks, photos, limiter } = deps;

  async function seen(viewer: User, username: string): Promise<Seen> {
    const view = await matches.withUser(viewer, username);
    if (view) return { person: view.other, cardSelf: `/matches/${view.match.id}/user`, matchId: view.match.id };
    if (missingFields(viewer).length === 0) {
      const person = await candidates.one(viewer, username).catch(absentAs404);
      if (person) return { person, cardSelf: `/candidates/${encodeURIComponent(person.user.username)}` };
    }
    throw notACandidate(username);
  }

  async function profileShown(viewer: User, shown: Seen): Promise<Record<string, unknown>> {
    const card = await serializePerson(shown.person, viewer, photos, { self: { href: shown.cardSelf } });
    const fields = Object.fromEntries(Object.entries(card).filter(([key]) => !key.startsWith('_')));
    return { ...fields, photos: shown.person.photos.map((p) => p.id) };
  }

  return {
    async report(viewer: User, username: string, input: ReportInput): Promise<Report> {
      const shown = await seen(viewer, username);
      const target = { id: shown.person.user.id, username: shown.person.user.username };
      const profile = await profileShown(viewer, shown);
      return sequelize.transaction(async (transaction) => {
        // Counted in the transaction: a report that fails (or is refused) costs nothing.
        const taken = await limiter.take([{ key: `report:${viewer.id}`, max: deps.perDay, windowSeconds: DAY }], transaction);
        if (taken.retryAt) {
          const wait = secondsUntil(taken.retryAt, taken.at);
          throw problems.tooManyRequests(wait, `You may send ${deps.perDay} reports a day; try again in ${Math.ceil(wait / 60)} min.`);
        }
        await lockPair(sequelize, viewer.id, target.id, transaction);
        const messages = shown.matchId
          ? await sequelize.query<{ from: string; body: string; sentAt: Date }>(
              `SELECT u.username AS "from", m.body, m.sent_at AS "sentAt" FROM messages m JOIN users u ON u.id = m.sender_id
                WHERE m.match_id = $1 ORDER BY m.id DESC LIMIT $2`,
              { bind: [shown.matchId, EVIDENCE_MESSAGES], type: QueryTypes.SELECT, transaction },
            )
          : [];
        await blocks.blockIn(viewer, target, transaction);
        const evidence = {
          seenAs: shown.matchId ? 'match' : 'candidate',
          profile,
          messages: messages.reverse().map((m) => ({ from: m.from, body: m.body, sentAt: new Date(m.sentAt).toISOString() })),
        };
        const [row] = await sequelize.query<{ id: string; createdAt: Date }>(
          `INSERT INTO reports (reporter_id, reporter_username, reported_id, reported_username, reason, details, evidence, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id, created_at AS "createdAt"`,
          { bind: [viewer.id, viewer.username, target.id, target.username, input.reason, input.details ?? '', JSON.stringify(evidence)], type: QueryTypes.SELECT, transaction },
        );
        return { id: row!.id, username: target.username, reason: input.reason, details: input.details ?? '', createdAt: new Date(row!.createdAt) };
      });
    },

    /** A report the viewer made, as they wrote it (not the evidence, nor what moderators made of it). */
    async mine(viewer: User, id: string): Promise<Report> {
      const [row] = UUID.test(id)
        ? await sequelize.query<Report>(
            `SELECT id, reported_username AS username, reason, details, created_at AS "createdAt" FROM reports WHERE id = $1 AND reporter_id = $2`,
            { bind: [id, viewer.id], type: QueryTypes.SELECT },
          )
        : [];
      if (!row) throw problems.notFound('No such report among yours.');
      return { ...row, createdAt: new Date(row.createdAt) };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
