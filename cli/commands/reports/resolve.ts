import type { Context } from '../../context.js';
import { ApiError, CliError, UsageError } from '../../errors.js';
import { linkOf, templateOf } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openReports } from './list.js';

export interface ResolveOptions {
  suspend?: boolean;
  dismiss?: boolean;
  note?: string;
}

const NOTE_MAX = 1000;

function checkNote(note: string): true | string {
  if (note.trim() === '') return 'Say why: the note is kept in the moderation log.';
  if ([...note.trim()].length > NOTE_MAX) return `At most ${NOTE_MAX} characters.`;
  return true;
}

/**
 * Finds the open report by its id (or the first characters of it) in the queue the root links to,
 * and sends its `suspend` or `dismiss` template with the note. Nothing is asked without a terminal.
 */
export async function resolve(ctx: Context, id: string, opts: ResolveOptions): Promise<void> {
  if (Boolean(opts.suspend) === Boolean(opts.dismiss)) {
    throw new UsageError('Give exactly one of --suspend and --dismiss.', [`For example: friender reports resolve ${id} --dismiss --note "why"`]);
  }
  const action = opts.suspend ? 'suspend' : 'dismiss';
  const wanted = id.trim().toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(wanted)) throw new UsageError(`"${id}" is not a report id: use one from \`friender reports\`.`);
  let note = opts.note;
  if (note === undefined && !ctx.interactive) {
    throw new UsageError('Resolving a report needs --note when stdin is not a terminal (nothing is asked).', [`For example: friender reports resolve ${id} --${action} --note "why"`]);
  }
  if (note !== undefined && checkNote(note) !== true) throw new UsageError(`--note: ${String(checkNote(note))}`);

  const { client, found } = await withProgress(ctx, 'Finding the report…', () => openReports(ctx, (list) => !list.some((r) => String(r.id).startsWith(wanted))));
  const matching = found.filter((r) => String(r.id).startsWith(wanted));
  if (matching.length > 1) throw new UsageError(`"${id}" starts ${matching.length} open reports' ids; give more of it.`);
  const report = matching[0];
  if (!report) throw new CliError(`No open report has the id ${id}: it may have been resolved already.`, ['See the open ones with `friender reports`.']);
  const template = templateOf(report, action);
  if (!template) throw new CliError(`The API offers no way to ${action} this report${action === 'suspend' ? ' (its account may be gone; dismiss it)' : ''}, perhaps because it is about you.`);
  note ??= await ctx.prompter().input({ message: `Why ${action === 'suspend' ? `suspend ${String(report.reported)}` : 'dismiss it'}? (kept in the moderation log)`, validate: checkNote });

  let resolved;
  try {
    resolved = await withProgress(ctx, action === 'suspend' ? 'Suspending…' : 'Dismissing…', () => client.submit(template, { note: note!.trim() }, linkOf(report, 'self')?.href));
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 409) throw new CliError(`Report ${String(report.id).slice(0, 8)} was resolved by someone else a moment ago; nothing was changed.`, ['See it with `friender api /reports/' + String(report.id) + '`.']);
    throw err;
  }
  const body = resolved.body as Record<string, unknown>;
  if (ctx.json) {
    return ctx.printJson({ id: body.id, status: body.status, reported: body.reported, note: body.note, resolvedAt: body.resolvedAt, resolvedBy: body.resolvedBy, alsoResolved: body.alsoResolved, matchesEnded: body.matchesEnded });
  }
  if (action === 'dismiss') return ctx.say(`Dismissed report ${String(body.id).slice(0, 8)} about ${String(body.reported)}.`);
  const also = Number(body.alsoResolved ?? 0);
  ctx.say(`Suspended ${String(body.reported)}: logged out everywhere, hidden from everyone, ${Number(body.matchesEnded ?? 0)} match(es) ended${also ? `, ${also} other open report(s) resolved too` : ''}.`);
}
