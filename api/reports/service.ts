import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { modelsOf, type Photo, type User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { UUID } from '../http/ids.js';
import { CHAT_CHANNEL } from '../matches/service.js';
import type { Clock } from '../clock.js';
import type { ReportCursor } from './schemas.js';

export interface Report {
  id: string;
  reporter: string;
  reported: string;
  reportedId: string | null;
  reason: string;
  details: string;
  evidence: { profile?: unknown; messages?: unknown[] } & Record<string, unknown>;
  createdAt: Date;
  /** createdAt to the microsecond, as the cursor needs it. */
  at: string;
  /** Other reports about the same account that are still open. */
  otherOpen: number;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: 'dismissed' | 'suspended' | null;
  note: string | null;
  /** The reported account's photos the evidence names and that still exist (open reports only). */
  photos: Photo[];
}

export interface ReportPage {
  reports: Report[];
  next?: ReportCursor;
}

export interface Resolved {
  report: Report;
  /** Other open reports about the same account that the suspension resolved too. */
  alsoResolved: number;
  /** Live matches the suspension ended. */
  matchesEnded: number;
}

const SELECT = `
  SELECT r.id, r.reporter_username AS reporter, r.reported_username AS reported, r.reported_id AS "reportedId",
         r.reason, r.details, r.evidence, r.created_at AS "createdAt",
         to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
         (SELECT count(*)::int FROM reports o
           WHERE o.resolved_at IS NULL AND o.id <> r.id AND o.reported_id = r.reported_id) AS "otherOpen",
         r.resolved_at AS "resolvedAt", m.username AS "resolvedBy", r.resolution, r.note
    FROM reports r LEFT JOIN users m ON m.id = r.resolved_by`;

const notModerator = () =>
  new HttpProblem(403, 'moderators-only', 'Moderators only', 'Only moderators can read and resolve reports; this login is not a moderator.', { links: { root: { href: '/' } } });
const noSuchReport = () => problems.notFound('No such report.');
const resolvedAlready = (how: string | null) =>
  new HttpProblem(409, 'report-resolved', 'Report already resolved', `This report was already resolved (${how ?? 'resolved'}); nothing was changed.`);

/** Every UUID written anywhere in the profile the reporter saw: the photos on that card among them. */
function idsIn(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  return [...new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? [])].slice(0, 50);
}

export function createReportService(deps: { sequelize: Sequelize; clock: Clock }) {
  const { sequelize, clock } = deps;
  const { Photo } = modelsOf(sequelize);

  const mustModerate = (viewer: User) => {
    if (!viewer.moderator) throw notModerator();
  };

  async function load(where: string, bind: unknown[], transaction?: Transaction): Promise<Report[]> {
    const rows = await sequelize.query<Omit<Report, 'photos'>>(`${SELECT} ${where}`, { bind, type: QueryTypes.SELECT, transaction });
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt), resolvedAt: r.resolvedAt ? new Date(r.resolvedAt) : null, photos: [] }));
  }

  /** The photos an open report's evidence shows that the reported account still has, in its order. */
  async function withPhotos(reports: Report[]): Promise<Report[]> {
    const wanted = reports.filter((r) => r.resolvedAt === null && r.reportedId !== null).map((r) => ({ r, ids: idsIn(r.evidence.profile) }));
    const all = [...new Set(wanted.flatMap((w) => w.ids))];
    if (all.length === 0) return reports;
    const photos = await Photo.findAll({ where: { id: all }, order: [['position', 'ASC']] });
    for (const { r, ids } of wanted) r.photos = photos.filter((p) => p.userId === r.reportedId && ids.includes(p.id));
    return reports;
  }

  async function one(id: string, transaction?: Transaction): Promise<Report> {
    const [report] = UUID.test(id) ? await load('WHERE r.id = $1', [id], transaction) : [];
    if (!report) throw noSuchReport();
    return report;
  }

  /** Why an update found nothing open to resolve: gone, or resolved by someone first. */
  async function refusal(id: string, transaction: Transaction): Promise<HttpProblem> {
    const report = await one(id, transaction).catch(() => undefined);
    return report ? resolvedAlready(report.resolution) : noSuchReport();
  }

  const log = (moderator: User, action: string, report: { id: string; reportedId: string | null; reported: string }, note: string, transaction: Transaction) =>
    sequelize.query(
      `INSERT INTO moderation_log (actor_id, actor, action, report_id, subject_id, subject, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      { bind: [moderator.id, moderator.username, action, report.id, report.reportedId, report.reported, note, clock.now()], transaction },
    );

  return {
    mustModerate,

    /** Open reports, oldest first; (created_at, id) orders them and the cursor resumes after one. */
    async open(viewer: User, limit: number, after?: ReportCursor): Promise<ReportPage> {
      mustModerate(viewer);
      const rows = await load(
        `WHERE r.resolved_at IS NULL AND ($1::timestamptz IS NULL OR (r.created_at, r.id) > ($1::timestamptz, $2::uuid))
         ORDER BY r.created_at, r.id LIMIT $3`,
        [after?.at ?? null, after?.id ?? null, limit + 1],
      );
      const reports = await withPhotos(rows.slice(0, limit));
      const last = reports[reports.length - 1];
      return { reports, next: rows.length > limit && last ? { at: last.at, id: last.id } : undefined };
    },

    async get(viewer: User, id: string): Promise<Report> {
      mustModerate(viewer);
      return (await withPhotos([await one(id)]))[0]!;
    },

    /** Closes the report with nothing done to anyone; the first of two moderators at once wins. */
    async dismiss(viewer: User, id: string, note: string): Promise<Resolved> {
      mustModerate(viewer);
      if (!UUID.test(id)) throw noSuchReport();
      return sequelize.transaction(async (transaction) => {
        const [done] = await sequelize.query<{ id: string; reportedId: string | null; reported: string }>(
          `UPDATE reports SET resolved_at = $2, resolved_by = $3, resolution = 'dismissed', note = $4
            WHERE id = $1 AND resolved_at IS NULL
            RETURNING id, reported_id AS "reportedId", reported_username AS reported`,
          { bind: [id, clock.now(), viewer.id, note], type: QueryTypes.SELECT, transaction },
        );
        if (!done) throw await refusal(id, transaction);
        if (done.reportedId === viewer.id) throw ownReport();
        await log(viewer, 'dismiss', done, note, transaction);
        return { report: await one(id, transaction), alsoResolved: 0, matchesEnded: 0 };
      });
    },

    /**
     * Suspends the reported account, all in one transaction: its logins end, its live matches end
     * (held polls on any instance wake and find them gone), and every open report about it is
     * resolved. The account's row is locked first, so two suspensions of one person (through two
     * reports) take turns instead of deadlocking on each other's reports.
     */
    async suspend(viewer: User, id: string, note: string): Promise<Resolved> {
      mustModerate(viewer);
      if (!UUID.test(id)) throw noSuchReport();
      return sequelize.transaction(async (transaction) => {
        const [target] = await sequelize.query<{ reportedId: string | null }>('SELECT reported_id AS "reportedId" FROM reports WHERE id = $1', {
          bind: [id], type: QueryTypes.SELECT, transaction,
        });
        if (!target) throw noSuchReport();
        // NO KEY UPDATE, not UPDATE: a dismissal running beside this one checks its log row's key
        // on this account (FOR KEY SHARE) while holding the report this one waits for.
        if (target.reportedId) await sequelize.query('SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE', { bind: [target.reportedId], transaction });
        const now = clock.now();
        const [done] = await sequelize.query<{ id: string; reportedId: string | null; reported: string }>(
          `UPDATE reports SET resolved_at = $2, resolved_by = $3, resolution = 'suspended', note = $4
            WHERE id = $1 AND resolved_at IS NULL
            RETURNING id, reported_id AS "reportedId", reported_username AS reported`,
          { bind: [id, now, viewer.id, note], type: QueryTypes.SELECT, transaction },
        );
        if (!done) throw await refusal(id, transaction);
        const userId = done.reportedId;
        if (userId === null) throw new HttpProblem(409, 'account-gone', 'Account gone', `${done.reported} deleted their account; there is nobody to suspend. Dismiss the report instead.`);
        if (userId === viewer.id) throw ownReport();
        await sequelize.query('UPDATE users SET suspended_at = coalesce(suspended_at, $2) WHERE id = $1', { bind: [userId, now], transaction });
        await sequelize.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', { bind: [userId, now], transaction });
        // In an order that cannot deadlock with sends; each ending is an `unmatch` event to both (0013).
        const ended = await sequelize.query<{ id: string }>(
          `SELECT id FROM friender_end_matches_of($1, $2) AS ended (id)`,
          { bind: [userId, now], type: QueryTypes.SELECT, transaction },
        );
        // Delivered when (and only if) this commits: polls held on these conversations wake and answer 404.
        for (const match of ended) await sequelize.query('SELECT pg_notify($1, $2)', { bind: [CHAT_CHANNEL, match.id], transaction });
        const others = await sequelize.query<{ id: string }>(
          `UPDATE reports SET resolved_at = $2, resolved_by = $3, resolution = 'suspended', note = $4
            WHERE reported_id = $1 AND resolved_at IS NULL RETURNING id`,
          { bind: [userId, now, viewer.id, note], type: QueryTypes.SELECT, transaction },
        );
        await log(viewer, 'suspend', done, note, transaction);
        return { report: await one(id, transaction), alsoResolved: others.length, matchesEnded: ended.length };
      });
    },
  };
}

const ownReport = () => problems.forbidden('This report is about you: another moderator must resolve it.');

export type ReportService = ReturnType<typeof createReportService>;
