import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { embeddedList, linkOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { personJson, personLine, promptLines, promptsOf } from './card.js';
import { painter } from '../../paint.js';
import { nobodyHint } from './hints.js';

export interface CandidatesOptions {
  limit?: string;
}

export function candidatesOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'candidates');
}

/** Lists candidates best first, following `next` until --limit are shown (default 10). */
export async function candidates(ctx: Context, opts: CandidatesOptions): Promise<void> {
  const limit = opts.limit === undefined ? 10 : Number(opts.limit);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit: "${opts.limit}" must be a whole number from 1 to 1000.`);
  const found: HalDocument[] = [];
  const first = await withProgress(ctx, 'Finding people near you…', async () => {
    const { client, root } = await openSession(ctx);
    let page = await client.follow(root, 'candidates');
    const start = page;
    found.push(...candidatesOf(page));
    while (found.length < limit && linkOf(page, 'next')) {
      page = await client.follow(page, 'next');
      found.push(...candidatesOf(page));
    }
    return start;
  });
  const shown = found.slice(0, limit);
  if (ctx.json) return ctx.printJson({ count: shown.length, candidates: shown.map(personJson) });
  if (shown.length === 0) {
    for (const line of nobodyHint(first)) ctx.say(line);
    return;
  }
  const paint = await painter(ctx.colorOut);
  for (const person of shown) {
    ctx.out(personLine(person));
    for (const line of promptLines(promptsOf(person), paint)) ctx.out(`    ${line}`);
  }
}
