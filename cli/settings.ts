import type { ConfigStore } from './config-store.js';
import { UsageError } from './errors.js';

/** How a notice is announced: the bell alone, or the bell and a desktop notification through OSC 9 or OSC 777. */
export type Notify = 'bell' | 'osc9' | 'osc777';

/** The CLI's own settings, kept beside the logins by `friender config set`. */
export interface Settings {
  quiet: boolean;
  notify: Notify;
}
export type SettingKey = keyof Settings;

/** Where a setting's value came from; the first of these that has one wins. */
export type SettingSource = 'flag' | 'env' | 'stored' | 'default';

interface Spec<K extends SettingKey> {
  /** The variable that overrides the stored value. */
  env: string;
  /** What `config set` accepts, as typed. */
  allowed: readonly string[];
  fallback: Settings[K];
  parse(text: string): Settings[K] | undefined;
  /** The variable's value as the CLI has always read it; undefined when unset or empty. */
  fromEnv(text: string): Settings[K];
}

const QUIET: Spec<'quiet'> = {
  env: 'FRIENDER_QUIET',
  allowed: ['true', 'false'],
  fallback: false,
  parse: (text) => (text === 'true' ? true : text === 'false' ? false : undefined),
  // Anything but 0/false/no/off is quiet, as before settings existed.
  fromEnv: (text) => !['0', 'false', 'no', 'off'].includes(text),
};

const NOTIFY: Spec<'notify'> = {
  env: 'FRIENDER_NOTIFY',
  allowed: ['bell', 'osc9', 'osc777'],
  fallback: 'bell',
  parse: (text) => NOTIFY.allowed.find((v) => v === text) as Notify | undefined,
  // An unknown value has always meant the bell alone.
  fromEnv: (text) => NOTIFY.parse(text) ?? 'bell',
};

export const SETTINGS: { readonly [K in SettingKey]: Spec<K> } = { quiet: QUIET, notify: NOTIFY };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** The key a word names; anything else is a usage error listing the keys. */
export function settingKey(word: string): SettingKey {
  const key = word.trim().toLowerCase();
  if (Object.hasOwn(SETTINGS, key)) return key as SettingKey;
  throw new UsageError(`Unknown setting "${word}".`, [`Settings: ${SETTING_KEYS.map((k) => `${k} (${SETTINGS[k].allowed.join('|')})`).join(', ')}.`]);
}

/** A value as `config set` takes it; a bad one is a usage error naming the key and what it accepts. */
export function parseSetting<K extends SettingKey>(key: K, text: string): Settings[K] {
  const value = (SETTINGS[key] as Spec<K>).parse(text.trim().toLowerCase());
  if (value === undefined) throw new UsageError(`${key}: "${text}" is not a value it takes.`, [`${key} takes ${SETTINGS[key].allowed.join(', ')}.`]);
  return value;
}

/** Whether a stored value is one the setting takes: the file can be edited by hand. */
export function isSettingValue<K extends SettingKey>(key: K, value: unknown): value is Settings[K] {
  return (typeof value === 'string' || typeof value === 'boolean') && (SETTINGS[key] as Spec<K>).parse(String(value)) === value;
}

/** The environment's word on a setting, or undefined when its variable is unset or empty. */
export function envSetting<K extends SettingKey>(key: K, env: Record<string, string | undefined>): Settings[K] | undefined {
  const text = (env[SETTINGS[key].env] ?? '').trim().toLowerCase();
  return text === '' ? undefined : (SETTINGS[key] as Spec<K>).fromEnv(text);
}

export interface Resolved<K extends SettingKey> {
  value: Settings[K];
  source: SettingSource;
}

/**
 * A flag beats the environment, which beats the stored setting, which beats the default.
 * The store is opened only when neither flag nor environment decides.
 */
export async function resolveSetting<K extends SettingKey>(
  key: K,
  env: Record<string, string | undefined>,
  store: () => Promise<ConfigStore>,
  flag?: Settings[K],
): Promise<Resolved<K>> {
  if (flag !== undefined) return { value: flag, source: 'flag' };
  const fromEnv = envSetting(key, env);
  if (fromEnv !== undefined) return { value: fromEnv, source: 'env' };
  const stored = (await store()).getSetting(key);
  return stored !== undefined ? { value: stored, source: 'stored' } : { value: SETTINGS[key].fallback as Settings[K], source: 'default' };
}
