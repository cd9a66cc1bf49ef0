import type { User } from '../db/models.js';
import { template, type HalDocument } from '../http/hal.js';
import type { PhotoService } from '../photos/service.js';
import { encodeReportCursor, resolveSchema } from './schemas.js';
import type { Report, ReportPage, Resolved } from './service.js';

export const REPORTS_PATH = '/reports';
export const reportPath = (id: string) => `${REPORTS_PATH}/${id}`;

/**
 * A report as a moderator sees it: what was said, about whom, the evidence the reporter could see
 * (kept as it was), how many other open reports there are about the same person, and — while it
 * is open and not about the moderator themselves — the two ways to resolve it.
 */
export async function serializeReport(report: Report, viewer: User, photos: PhotoService): Promise<HalDocument> {
  const self = reportPath(report.id);
  const open = report.resolvedAt === null;
  const mayResolve = open && report.reportedId !== viewer.id;
  const embedded = await Promise.all(
    report.photos.map(async (photo) => {
      const urls = await photos.urls(photo);
      return { id: photo.id, position: photo.position, _links: { image: { href: urls.image }, thumbnail: { href: urls.thumbnail } } };
    }),
  );
  return {
    id: report.id,
    status: report.resolution ?? 'open',
    reason: report.reason,
    details: report.details,
    createdAt: report.createdAt.toISOString(),
    reporter: report.reporter,
    reported: report.reported,
    reportedAccount: report.reportedId === null ? 'deleted' : 'exists',
    otherOpenReports: report.otherOpen,
    evidence: report.evidence,
    ...(open ? {} : { resolvedAt: report.resolvedAt!.toISOString(), resolvedBy: report.resolvedBy, note: report.note }),
    _links: { self: { href: self } },
    ...(embedded.length ? { _embedded: { photos: embedded } } : {}),
    ...(mayResolve
      ? {
          _templates: {
            dismiss: template(`Dismiss this report about ${report.reported}`, 'POST', `${self}/dismiss`, resolveSchema),
            ...(report.reportedId !== null
              ? { suspend: template(`Suspend ${report.reported} (resolves every open report about them)`, 'POST', `${self}/suspend`, resolveSchema) }
              : {}),
          },
        }
      : {}),
  };
}

export async function serializeReportPage(page: ReportPage, viewer: User, photos: PhotoService, request: { limit: number; after?: string; defaultLimit: number }): Promise<HalDocument> {
  const href = (after?: string) => {
    const query = new URLSearchParams();
    if (request.limit !== request.defaultLimit) query.set('limit', String(request.limit));
    if (after) query.set('after', after);
    const text = query.toString();
    return text ? `${REPORTS_PATH}?${text}` : REPORTS_PATH;
  };
  return {
    count: page.reports.length,
    _links: {
      self: { href: href(request.after) },
      ...(page.next ? { next: { href: href(encodeReportCursor(page.next)) } } : {}),
    },
    _embedded: { reports: await Promise.all(page.reports.map((r) => serializeReport(r, viewer, photos))) },
  };
}

/** The answer to dismiss or suspend: the report as resolved, and what else the decision did. */
export async function serializeResolved(resolved: Resolved, viewer: User, photos: PhotoService): Promise<HalDocument> {
  const doc = await serializeReport(resolved.report, viewer, photos);
  return { ...doc, alsoResolved: resolved.alsoResolved, matchesEnded: resolved.matchesEnded, _links: { ...doc._links, reports: { href: REPORTS_PATH } } };
}
