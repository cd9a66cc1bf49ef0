import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { linkOf, templateOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { snoozeJson, snoozeLine } from './state.js';

export interface SnoozeOptions {
  for?: string;
  until?: string;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `--for 3d`: minutes, hours, days or weeks from now. */
export function parseFor(raw: string, now: Date): Date {
  const m = /^\s*(\d{1,4})\s*([mhdw])\s*$/i.exec(raw);
  if (!m || Number(m[1]) === 0) throw new UsageError(`--for: "${raw}" is not a duration such as 30m, 12h, 3d or 2w.`);
  return new Date(now.getTime() + Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}

/** `--until`: a day (YYYY-MM-DD, from its start in local time) or a time (ISO 8601; local time without a zone). */
export function parseUntil(raw: string): Date {
  const text = raw.trim();
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(text);
  const at = ok ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text.replace(' ', 'T')) : new Date(NaN);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--until: "${raw}" is not a day (YYYY-MM-DD) or a time (such as 2026-12-01T09:00 or 2026-12-01T09:00:00Z).`);
  return at;
}

/** `friender snooze`: hidden from every deck and not swiping, until a time or until `friender wake`. */
export async function snooze(ctx: Context, opts: SnoozeOptions): Promise<void> {
  if (opts.for !== undefined && opts.until !== undefined) throw new UsageError('Give --for or --until, not both (neither snoozes until `friender wake`).');
  const until = opts.for !== undefined ? parseFor(opts.for, new Date()) : opts.until !== undefined ? parseUntil(opts.until) : undefined;
  const me = await withProgress(ctx, 'Snoozing…', async () => {
    const { client, root } = await openSession(ctx);
    const profile = await client.follow(root, 'me');
    const template = templateOf(profile, 'snooze');
    if (!template) throw new CliError(`The API at ${ctx.apiUrl} offers no way to snooze.`);
    const reply = await client.submit(template, until ? { until: until.toISOString() } : undefined, linkOf(profile, 'self')?.href);
    return (reply.body ?? (await client.follow(root, 'me'))) as HalDocument;
  });
  if (ctx.json) return ctx.printJson(snoozeJson(me));
  ctx.say(`${snoozeLine(me) ?? 'Not snoozed'}: nobody is shown you and you are not shown anyone; matches and chats keep working.`);
  ctx.say('Run `friender wake` to be back sooner.');
}
