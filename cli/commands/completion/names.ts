import type { Context } from '../../context.js';
import { embeddedList, linkOf, type HalDocument } from '../../hal.js';
import type { HalClient } from '../../hal-client.js';
import { currentLogin } from '../../session.js';
import { matchesOf, matchPages } from '../matches/list.js';

/** A shell waits for us while the user waits for the shell: give up quickly. */
const BUDGET_MS = 1500;
const MAX_NAMES = 50;

async function follow(client: HalClient, doc: HalDocument, rel: string, signal: AbortSignal): Promise<HalDocument | undefined> {
  const link = linkOf(doc, rel);
  return link && !link.templated ? client.get(link.href, signal) : undefined;
}

async function candidateNames(client: HalClient, root: HalDocument, signal: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  for (let page = await follow(client, root, 'candidates', signal); page && names.length < MAX_NAMES; page = await follow(client, page, 'next', signal)) {
    names.push(...embeddedList(page, 'candidates').map((c) => String(c.username)));
  }
  return names.slice(0, MAX_NAMES);
}

/** Every page of matches, newest first; when time runs out, the names read by then. */
async function matchNames(client: HalClient, root: HalDocument, signal: AbortSignal): Promise<string[]> {
  const link = linkOf(root, 'matches');
  if (!link || link.templated) return [];
  const names: string[] = [];
  try {
    for await (const page of matchPages(client, root, signal)) names.push(...matchesOf(page).map((m) => String(m.username)));
  } catch (err) {
    // Out of time: a shorter list beats none. Anything else (a refused login) offers nothing.
    if (!signal.aborted) throw err;
  }
  return names;
}

/** The short ids of the open reports (moderators only; nothing for anyone else). */
async function reportIds(client: HalClient, root: HalDocument, signal: AbortSignal): Promise<string[]> {
  const reports = await follow(client, root, 'reports', signal);
  return reports ? embeddedList(reports, 'reports').map((r) => String(r.id).slice(0, 8)) : [];
}

const SOURCES: Record<string, (client: HalClient, root: HalDocument, signal: AbortSignal) => Promise<string[]>> = {
  candidates: candidateNames,
  matches: matchNames,
  reports: reportIds,
};

/**
 * `friender __complete candidates|matches|reports`: the usernames a completion offers, one a line.
 * Whatever goes wrong (no login, no API, too slow) it prints nothing and succeeds: an error
 * would land in the middle of the command line being typed. It never prompts.
 */
export async function completeNames(ctx: Context, source: string): Promise<void> {
  try {
    const login = await currentLogin(ctx);
    if (!login) return;
    const client = await ctx.client(login.token);
    const signal = AbortSignal.timeout(BUDGET_MS);
    const root = await client.get(client.root.href, signal);
    const names = Object.hasOwn(SOURCES, source) ? await SOURCES[source]!(client, root, signal) : [];
    for (const name of names) ctx.out(name);
  } catch {
    // Silent by design (see above).
  }
}
