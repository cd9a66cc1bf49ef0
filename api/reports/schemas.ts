import { z } from 'zod';
import { pageLimit, shownText } from '../http/fields.js';
import { UUID } from '../http/ids.js';

export const REPORTS_PAGE = 20;
export const REPORTS_MAX_PAGE = 100;
export const NOTE_MAX = 1000;

/** The page's query string: everything arrives as text and is checked like any input. */
export const reportsQuerySchema = z.strictObject({
  limit: pageLimit(REPORTS_MAX_PAGE),
  after: z.string().max(200).optional(),
});

/** Why a moderator decided as they did: kept with the report and in the moderation log. */
export const resolveSchema = z.strictObject({
  // Other moderators read it in a terminal: the same rules as any text a user writes for others.
  note: shownText({ min: 1, minMessage: 'is required: say why', requiredMessage: 'is required: say why', max: NOTE_MAX, maxMessage: `must be at most ${NOTE_MAX} characters` })
    .meta({ title: 'Why (kept in the moderation log)', halType: 'textarea' }),
});

/** Where the next page starts: after this report in (created_at, id) order, to the microsecond. */
export interface ReportCursor {
  /** created_at as PostgreSQL wrote it in UTC, with microseconds (a JS Date would drop them). */
  at: string;
  id: string;
}

const AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

export function encodeReportCursor(c: ReportCursor): string {
  return Buffer.from(`${c.at}|${c.id}`).toString('base64url');
}

export function decodeReportCursor(raw: string): ReportCursor | undefined {
  const [at, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !at || !id || !AT.test(at) || !UUID.test(id) || Number.isNaN(Date.parse(at))) return undefined;
  return { at, id };
}
