import type { Context } from '../../context.js';
import { ApiError, CliError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { embeddedList, expand, linkOf, templateOf, type HalDocument } from '../../hal.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';

export function blocksOf(page: HalDocument): HalDocument[] {
  return embeddedList(page, 'blocks');
}

/** One of your blocks by name (the collection's `block` link), or undefined when you have not blocked them. */
export async function blockNamed(client: HalClient, page: HalDocument, username: string): Promise<HalDocument | undefined> {
  const link = linkOf(page, 'block');
  if (!link) throw new CliError('The API offers no way to find a block by name.');
  try {
    return await client.get(expand(link, { username: username.trim().toLowerCase() }));
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 404) return undefined;
    throw err;
  }
}

/** Root → me → blocks: the collection's first page. */
export async function blocksPage(client: HalClient, root: HalDocument): Promise<HalDocument> {
  const me = await client.follow(root, 'me');
  if (!linkOf(me, 'blocks')) throw new CliError('The API offers no list of blocks.');
  return client.follow(me, 'blocks');
}

/** `friender blocks`: everyone you blocked, by name, every page. */
export async function blocks(ctx: Context): Promise<void> {
  const list = await withProgress(ctx, 'Loading your blocks…', async () => {
    const { client, root } = await openSession(ctx);
    const all: HalDocument[] = [];
    for (let page: HalDocument | undefined = await blocksPage(client, root); page; page = linkOf(page, 'next') ? await client.follow(page, 'next') : undefined) {
      all.push(...blocksOf(page));
    }
    return all;
  });
  if (ctx.json) return ctx.printJson({ count: list.length, blocks: list.map((b) => ({ username: b.username, createdAt: b.createdAt })) });
  if (list.length === 0) {
    ctx.say('You have blocked no one.');
    return;
  }
  for (const b of list) ctx.out(`${String(b.username)}   blocked ${String(b.createdAt).slice(0, 10)}`);
}

/** `friender unblock <username>`: the block by name (the collection's `block` link), then its unblock template. */
export async function unblock(ctx: Context, username: string): Promise<void> {
  const name = await withProgress(ctx, 'Unblocking…', async () => {
    const { client, root } = await openSession(ctx);
    const page = await blocksPage(client, root);
    const found = await blockNamed(client, page, username);
    if (!found) throw new CliError(`You have not blocked ${username}.`, ['See whom you blocked with `friender blocks`.']);
    const template = templateOf(found, 'unblock');
    if (!template) throw new CliError(`The API offers no way to unblock ${username} now.`);
    await client.submit(template, undefined, linkOf(found, 'self')?.href);
    return String(found.username);
  });
  if (ctx.json) return ctx.printJson({ username: name, unblocked: true });
  ctx.say(`Unblocked ${name}. A match the block ended stays ended; if you never answered each other, you may see each other again.`);
}
