import type { Context } from '../../context.js';
import { withProgress } from '../../progress.js';
import { currentLogin } from '../../session.js';

export interface RequestOptions {
  /** A link relation of the root, or a path starting with "/" (resolved against the API root). */
  target: string;
  /** Further relations to follow from there, one after another. */
  rels: string[];
}

/**
 * Prints a raw HAL document, like `gh api`. Sends the login when there is one, so the
 * document shows what this user may do; works anonymously too (try `friender api /`).
 */
export async function request(ctx: Context, opts: RequestOptions): Promise<void> {
  const login = await currentLogin(ctx);
  const client = await ctx.client(login?.token);
  const doc = await withProgress(ctx, 'Fetching…', async () => {
    let current = opts.target.startsWith('/') ? await client.get(opts.target) : await client.follow(await client.getRoot(), opts.target);
    for (const rel of opts.rels) current = await client.follow(current, rel);
    return current;
  });
  await ctx.printJson(doc);
}
