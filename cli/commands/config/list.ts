import type { Context } from '../../context.js';
import { SETTING_KEYS } from '../../settings.js';
import { entryOf, overrideNote } from './entry.js';

/** `friender config list`: every setting as key=value (as `gh config list`), stored or default. */
export async function configList(ctx: Context): Promise<void> {
  const entries = await Promise.all(SETTING_KEYS.map((key) => entryOf(ctx, key)));
  if (ctx.json) return ctx.printJson({ count: entries.length, settings: entries });
  for (const entry of entries) ctx.out(`${entry.key}=${String(entry.value)}`);
  for (const entry of entries) {
    const note = overrideNote(entry);
    if (note) ctx.say(note);
  }
}
