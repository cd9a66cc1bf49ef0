import type { Context } from '../../context.js';
import { CancelledError, CliError, UsageError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { templateOf, type HalDocument, type TemplateProperty } from '../../hal.js';
import { choicesHint, choicesOf, parseAnswer } from '../../form.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { findActionable } from './find.js';

export interface ReportOptions {
  reason?: string;
  details?: string;
  yes?: boolean;
}

const propertyOf = (props: TemplateProperty[] | undefined, name: string): TemplateProperty => props?.find((p) => p.name === name) ?? { name };

/** A flag's value checked against the template's property, or the error naming the flag. */
function fromFlag(prop: TemplateProperty, flag: string, raw: string): unknown {
  const parsed = parseAnswer(prop, raw);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}.`);
  return parsed.value;
}

/**
 * Reports the person `doc` shows (a card or a match) with its report template: the reason from
 * the template's options (asked on a terminal, else --reason), optional details; it blocks too.
 */
export async function sendReport(ctx: Context, client: HalClient, doc: HalDocument, opts: ReportOptions): Promise<HalDocument> {
  const template = templateOf(doc, 'report');
  if (!template) throw new CliError(`The API offers no way to report ${String(doc.username)} now.`);
  const reasonProp = propertyOf(template.properties, 'reason');
  const detailsProp = propertyOf(template.properties, 'details');
  const choices = choicesOf(reasonProp) ?? [];
  const name = String(doc.username);
  let reason = opts.reason === undefined ? undefined : fromFlag(reasonProp, '--reason', opts.reason);
  let details = opts.details === undefined ? undefined : fromFlag(detailsProp, '--details', opts.details);
  if (reason === undefined) {
    if (!ctx.interactive) throw new UsageError('Reporting needs --reason when stdin is not a terminal (nothing is asked).', [`One of: ${choices.map((c) => c.value).join(', ')}.`, `For example: friender report ${name} --reason spam`]);
    const validate = (raw: string) => {
      const parsed = parseAnswer(reasonProp, raw);
      return parsed.ok && parsed.value !== undefined ? true : parsed.ok ? 'choose a reason' : parsed.message;
    };
    const raw = await ctx.prompter().input({ message: `Why are you reporting ${name}? (${choicesHint(choices)})`, validate });
    reason = (parseAnswer(reasonProp, raw) as { value: unknown }).value;
    if (opts.details === undefined) {
      const typed = await ctx.prompter().input({ message: 'What happened? (optional, Enter to skip)', validate: (text) => { const p = parseAnswer(detailsProp, text); return p.ok ? true : p.message; } });
      details = typed.trim() === '' ? undefined : typed.trim();
    }
  }
  if (ctx.interactive && !opts.yes) {
    const sure = await ctx.prompter().confirm({ message: `Report ${name} for ${String(reason)}? This also blocks them.`, default: false });
    if (!sure) throw new CancelledError('Not reported.');
  }
  const body = { reason, ...(details ? { details } : {}) };
  return (await withProgress(ctx, 'Reporting…', () => client.submit(template, body))).body as HalDocument;
}

export const reportedLine = (r: HalDocument) => `Reported ${String(r.username)} (${String(r.reason)}) and blocked them. Moderators will look at it; thank you.`;

export function reportJson(r: HalDocument): Record<string, unknown> {
  return { id: r.id, username: r.username, reason: r.reason, details: r.details, createdAt: r.createdAt, blocked: r.blocked };
}

/** `friender report <username> [--reason R] [--details TEXT]`. */
export async function report(ctx: Context, username: string, opts: ReportOptions): Promise<void> {
  const { client, root } = await openSession(ctx);
  const doc = await withProgress(ctx, `Finding ${username}…`, () => findActionable(client, root, username, 'report'));
  const done = await sendReport(ctx, client, doc, opts);
  if (ctx.json) return ctx.printJson(reportJson(done));
  ctx.say(reportedLine(done));
}
