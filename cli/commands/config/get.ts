import type { Context } from '../../context.js';
import { settingKey } from '../../settings.js';
import { entryOf, overrideNote } from './entry.js';

/** `friender config get <key>`: the stored value, or the default; an unknown key is a usage error. */
export async function configGet(ctx: Context, word: string): Promise<void> {
  const entry = await entryOf(ctx, settingKey(word));
  if (ctx.json) return ctx.printJson(entry);
  ctx.out(String(entry.value));
  const note = overrideNote(entry);
  if (note) ctx.say(note);
}
