import { z } from 'zod';
import { shownText } from '../http/fields.js';

/** The reasons a report may give (the reports table's CHECK lists the same ones). */
export const REPORT_REASONS = ['spam', 'harassment', 'fake profile', 'underage', 'inappropriate photos', 'other'] as const;

export const reportSchema = z.strictObject({
  reason: z.enum(REPORT_REASONS, `must be one of: ${REPORT_REASONS.join(', ')}`).meta({ title: 'Reason' }),
  details: shownText({ max: 1000 })
    .meta({ title: 'What happened (optional, up to 1000 characters; moderators read it)', halType: 'textarea' })
    .optional(),
});

export type ReportInput = z.output<typeof reportSchema>;

export const BLOCKS_PAGE = 50;

/** A page of the blocks list starts after a username (the list is in username order). */
export const blocksQuerySchema = z.strictObject({
  after: z.string().regex(/^[a-z0-9_]{1,30}$/, 'must be a username from a next link').optional(),
});
