import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { embeddedList, linkOf, templateOf, type HalDocument } from '../../hal.js';
import type { HalClient } from '../../hal-client.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { characters } from '../../text.js';

export interface ReportsOptions {
  limit?: string;
}

export function reportsOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'reports');
}

/** Raised when the root has no `reports` link: this login is no moderator (exit 1). */
export const notModerator = (username: unknown) =>
  new CliError(`Only moderators can see reports${username ? `, and ${String(username)} is not one` : ''}.`, ['An operator grants the role with `npm run admin -- moderator <username>`.']);

/** The open reports, oldest first, following `next` while `want` says more are wanted. */
export async function openReports(ctx: Context, want: (found: HalDocument[]) => boolean): Promise<{ client: HalClient; found: HalDocument[] }> {
  const { client, root } = await openSession(ctx);
  if (!linkOf(root, 'reports')) throw notModerator(root.username);
  let page = await client.follow(root, 'reports');
  const found = [...reportsOf(page)];
  while (want(found) && linkOf(page, 'next')) {
    page = await client.follow(page, 'next');
    found.push(...reportsOf(page));
  }
  return { client, found };
}

export function reportJson(r: HalDocument) {
  return {
    id: r.id, createdAt: r.createdAt, reason: r.reason, details: r.details, reporter: r.reporter, reported: r.reported,
    otherOpenReports: r.otherOpenReports, evidence: r.evidence, actions: Object.keys(r._templates ?? {}).filter((name) => templateOf(r, name)),
  };
}

const clip = (text: string, width: number) => {
  const chars = characters(text.replace(/\s+/g, ' ').trim());
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('');
};

/** `friender reports`: one line each, so the queue stays greppable; --json has the evidence too. */
export async function reports(ctx: Context, opts: ReportsOptions): Promise<void> {
  const limit = opts.limit === undefined ? 50 : Number(opts.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit: "${opts.limit}" must be a whole number from 1 to 1000.`);
  const { found } = await withProgress(ctx, 'Loading open reports…', () => openReports(ctx, (list) => list.length < limit));
  const shown = found.slice(0, limit);
  if (ctx.json) return ctx.printJson({ count: shown.length, reports: shown.map(reportJson) });
  if (shown.length === 0) return ctx.say('No open reports.');
  const rows = shown.map((r) => {
    const others = Number(r.otherOpenReports ?? 0);
    const messages = Array.isArray((r.evidence as { messages?: unknown[] } | undefined)?.messages) ? (r.evidence as { messages: unknown[] }).messages.length : 0;
    return [
      String(r.id).slice(0, 8),
      String(r.createdAt).slice(0, 16).replace('T', ' '),
      String(r.reported),
      String(r.reporter),
      String(r.reason),
      others ? `+${others}` : '',
      `${messages} msg${messages === 1 ? '' : 's'}`,
      clip(String(r.details ?? ''), 40),
    ];
  });
  const header = ['ID', 'REPORTED AT', 'ABOUT', 'BY', 'REASON', 'OTHERS', 'EVIDENCE', 'DETAILS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => characters(row[i]!).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - characters(c).length))).join('  ').trimEnd();
  ctx.out(line(header));
  for (const row of rows) ctx.out(line(row));
  if (found.length > shown.length) ctx.say(`More open reports wait: \`friender reports --limit ${limit + 50}\`.`);
  ctx.say('Resolve one with `friender reports resolve <id> --suspend|--dismiss --note "why"`.');
}
