import { QueryTypes } from 'sequelize';
import { services } from './services.js';

/** Makes a user a moderator straight in the database (the operator's `npm run admin -- moderator`). */
export async function makeModerator(username: string): Promise<void> {
  await services.get().sequelize.query('UPDATE users SET moderator = true WHERE username = $1', { bind: [username] });
}

export interface ReportFields {
  reason?: string;
  details?: string;
  evidence?: unknown;
  /** ISO time; reports made in one test otherwise differ only by microseconds. */
  createdAt?: string;
}

/**
 * A report as the reporter's side (POST …/report) stores it, written directly: `by` reported
 * `about`, with the evidence as the reporter saw it. Returns the report's id.
 */
export async function fileReport(by: string, about: string, fields: ReportFields = {}): Promise<string> {
  const evidence = fields.evidence ?? { profile: { username: about, bio: 'as shown', hobbies: [], interests: [] }, messages: [{ from: about, body: 'send me your bank details', sentAt: '2026-11-20T10:00:00.000Z' }] };
  const [row] = await services.get().sequelize.query<{ id: string }>(
    `INSERT INTO reports (reporter_id, reporter_username, reported_id, reported_username, reason, details, evidence, created_at)
     SELECT (SELECT id FROM users WHERE username = $1), $1, (SELECT id FROM users WHERE username = $2), $2, $3, $4, $5::jsonb, coalesce($6::timestamptz, now())
     RETURNING id`,
    { bind: [by, about, fields.reason ?? 'spam', fields.details ?? '', JSON.stringify(evidence), fields.createdAt ?? null], type: QueryTypes.SELECT },
  );
  return row!.id;
}

export interface LogRow {
  actor: string;
  action: string;
  subject: string | null;
  note: string;
  report_id: string | null;
}

export const moderationLog = () =>
  services.get().sequelize.query<LogRow>('SELECT actor, action, subject, note, report_id FROM moderation_log ORDER BY id', { type: QueryTypes.SELECT });
