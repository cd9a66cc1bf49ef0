import { ApiError, CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { expand, linkOf, templateOf, type HalDocument } from '../../hal.js';
import { findMatch } from '../matches/list.js';

const absent = (err: unknown) => err instanceof ApiError && (err.problem.status === 404 || err.problem.status === 409);

async function byLink(client: HalClient, doc: HalDocument, rel: string, username: string): Promise<HalDocument | undefined> {
  const link = linkOf(doc, rel);
  if (!link) return undefined;
  try {
    return await client.get(expand(link, { username }));
  } catch (err) {
    if (absent(err)) return undefined;
    throw err;
  }
}

/**
 * Someone the API offers `action` (block or report) on, found from the root by following links:
 * a candidate (the candidates page's `candidate` link), a match (the matches list), or — for a
 * block — someone answered (the page's `answer` link). Never a URL built here.
 */
export async function findActionable(client: HalClient, root: HalDocument, username: string, action: 'block' | 'report'): Promise<HalDocument> {
  const name = username.trim().toLowerCase();
  let page: HalDocument | undefined;
  if (linkOf(root, 'candidates')) {
    // An incomplete profile has no candidates page (409): matches are still there.
    page = await client.follow(root, 'candidates').catch((err: unknown) => {
      if (absent(err)) return undefined;
      throw err;
    });
  }
  const candidate = page && (await byLink(client, page, 'candidate', name));
  if (candidate && templateOf(candidate, action)) return candidate;
  if (linkOf(root, 'matches')) {
    const match = await findMatch(client, root, name);
    if (match && templateOf(match, action)) return match;
  }
  const answered = action === 'block' && page ? await byLink(client, page, 'answer', name) : undefined;
  if (answered && templateOf(answered, action)) return answered;
  throw new CliError(
    action === 'block' ? `${username} is not someone you can block: not one of your candidates, matches or people you answered.` : `${username} is not someone you can report: not one of your candidates or matches.`,
    ['See them with `friender candidates` and `friender matches`.'],
  );
}
