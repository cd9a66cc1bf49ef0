import type { Context } from '../../context.js';
import { envSetting, resolveSetting, SETTINGS, type SettingKey, type Settings } from '../../settings.js';

/** One setting as `friender config get|list --json` prints it. */
export interface SettingEntry<K extends SettingKey = SettingKey> {
  key: K;
  /** What is stored, or the default: what swipe and chat use unless a flag or variable says otherwise. */
  value: Settings[K];
  source: 'stored' | 'default';
  allowed: readonly string[];
  /** The variable that is set now and wins over this value; null when none is. */
  overriddenBy: string | null;
}

/** A setting as the store has it. The environment is not its value (as in `gh config get`), but it is named when it wins. */
export async function entryOf<K extends SettingKey>(ctx: Context, key: K): Promise<SettingEntry<K>> {
  // No env here: the stored value is what is asked for.
  const { value, source } = await resolveSetting(key, {}, ctx.store);
  const overridden = envSetting(key, ctx.env) !== undefined;
  return { key, value, source: source === 'stored' ? 'stored' : 'default', allowed: SETTINGS[key].allowed, overriddenBy: overridden ? SETTINGS[key].env : null };
}

/** The stderr line for a setting a variable overrides: the reason swipe behaves otherwise. */
export function overrideNote(entry: SettingEntry): string | undefined {
  if (!entry.overriddenBy) return undefined;
  return `${entry.overriddenBy} is set, and wins over the ${entry.key} setting (a flag would win over both).`;
}
