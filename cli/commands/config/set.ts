import type { Context } from '../../context.js';
import { parseSetting, settingKey } from '../../settings.js';
import { entryOf, overrideNote } from './entry.js';

/** `friender config set <key> <value>`: stores it for every later run; a bad key or value stores nothing (exit 2). */
export async function configSet(ctx: Context, word: string, text: string): Promise<void> {
  const key = settingKey(word);
  const value = parseSetting(key, text);
  (await ctx.store()).setSetting(key, value);
  const entry = await entryOf(ctx, key);
  if (ctx.json) return ctx.printJson(entry);
  ctx.say(`${key} is now ${String(value)}.`);
  const note = overrideNote(entry);
  if (note) ctx.say(note);
}
