import type { Context } from '../../context.js';
import { ApiError, CliError, EXIT, ExitStatus } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { expand, linkOf, templateOf, type HalDocument, type Template } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';

export interface AnswerOutcome {
  username: string;
  answer: 'like' | 'pass';
  matched: boolean;
  match?: string;
  /** The way to take this pass back, while the API offers one (not printed). */
  undo?: Template;
}

/** Sends a candidate's like or pass template; the answer says whether it made a match. */
export async function sendAnswer(client: HalClient, candidate: HalDocument, verb: 'like' | 'pass'): Promise<AnswerOutcome> {
  const template = templateOf(candidate, verb);
  if (!template) throw new CliError(`The API offers no way to ${verb} ${String(candidate.username)} now.`);
  const body = (await client.submit(template, undefined, linkOf(candidate, 'self')?.href)).body as HalDocument;
  return { ...outcomeOf(body, String(candidate.username), verb), undo: templateOf(body, 'undo') };
}

function outcomeOf(body: HalDocument, username: string, verb: 'like' | 'pass'): AnswerOutcome {
  return { username: String(body.username ?? username), answer: verb, matched: body.matched === true, match: linkOf(body, 'match')?.href };
}

/** The answer already given to `username`, through the candidates page's `answer` link; none is a 404. */
async function answerGiven(client: HalClient, page: HalDocument, username: string): Promise<AnswerOutcome | undefined> {
  const link = linkOf(page, 'answer');
  if (!link) return undefined;
  try {
    const body = await client.get(expand(link, { username }));
    return outcomeOf(body, username, body.answer === 'like' ? 'like' : 'pass');
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 404) return undefined;
    throw err;
  }
}

/** `friender like <username>` / `friender pass <username>`: by name, through the candidates' `candidate` link. */
export async function answerByName(ctx: Context, username: string, verb: 'like' | 'pass'): Promise<void> {
  const outcome = await withProgress(ctx, verb === 'like' ? 'Liking…' : 'Passing…', async () => {
    const { client, root } = await openSession(ctx);
    const page = await client.follow(root, 'candidates');
    const link = linkOf(page, 'candidate');
    if (!link) throw new CliError('The API offers no way to find a candidate by name.');
    const name = username.trim().toLowerCase();
    let candidate: HalDocument;
    try {
      candidate = await client.get(expand(link, { username: name }));
    } catch (err) {
      if (!(err instanceof ApiError) || err.problem.status !== 404) throw err;
      // Someone already answered is no candidate any more (the same 404 as a stranger, so the card
      // tells nothing); the page's `answer` link says what was answered, so a second
      // `friender like sam` is the no-op it is, and a changed answer is refused as the API would.
      const given = await answerGiven(client, page, name);
      if (!given) throw err;
      if (given.answer !== verb) throw new CliError(`Already answered: You already ${given.answer === 'like' ? 'liked' : 'passed on'} ${given.username}; an answer cannot be changed.`);
      return given;
    }
    return sendAnswer(client, candidate, verb);
  });
  if (ctx.json) await ctx.printJson({ username: outcome.username, answer: outcome.answer, matched: outcome.matched, match: outcome.match });
  else if (outcome.matched) ctx.say(`It's a match: you and ${outcome.username} like each other! See your matches with \`friender matches\`.`);
  else ctx.say(verb === 'like' ? `You liked ${outcome.username}. If they like you too, it's a match.` : `You passed on ${outcome.username}.`);
  // Scripts branch on it: `if friender like sam; then …` runs only on a match.
  if (verb === 'like' && !outcome.matched) throw new ExitStatus(EXIT.noMatch);
}
