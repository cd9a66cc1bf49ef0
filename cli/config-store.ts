/** What the CLI remembers after a login, per API root. */
export interface StoredLogin {
  username: string;
  token: string;
  savedAt: string;
}

/**
 * Where logins live. Keyed by the API root URL so a token is only ever sent back to the
 * server that issued it. The real store (conf, file mode 0600) is in conf-store.ts.
 */
export interface ConfigStore {
  /** Where the store keeps its data, for messages; undefined when it is not a file. */
  readonly path?: string;
  getLogin(apiUrl: string): StoredLogin | undefined;
  setLogin(apiUrl: string, login: StoredLogin): void;
  deleteLogin(apiUrl: string): void;
}
