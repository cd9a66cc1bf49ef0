import type { SettingKey, Settings } from './settings.js';

/** What the CLI remembers after a login, per API root. */
export interface StoredLogin {
  username: string;
  token: string;
  savedAt: string;
}

/**
 * Where logins and settings live. Logins are keyed by the API root URL so a token is only ever
 * sent back to the server that issued it; settings (`friender config`) are the same for every API.
 * The real store (conf, file mode 0600) is in conf-store.ts.
 */
export interface ConfigStore {
  /** Where the store keeps its data, for messages; undefined when it is not a file. */
  readonly path?: string;
  getLogin(apiUrl: string): StoredLogin | undefined;
  setLogin(apiUrl: string, login: StoredLogin): void;
  deleteLogin(apiUrl: string): void;
  /** The stored value, or undefined when none (or one it does not take) is stored. */
  getSetting<K extends SettingKey>(key: K): Settings[K] | undefined;
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
}
