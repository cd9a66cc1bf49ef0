import fs from 'node:fs';
import Conf from 'conf';
import type { ConfigStore, StoredLogin } from './config-store.js';

type Logins = Record<string, StoredLogin>;

/**
 * The login store on disk, through conf. Imported lazily: commands that never touch the
 * store (anything run with FRIENDER_TOKEN) do not pay for loading conf and its validator.
 */
export function createConfStore(configDir?: string): ConfigStore {
  const conf = new Conf<{ logins: Logins }>({
    projectName: 'friender',
    projectSuffix: '',
    ...(configDir ? { cwd: configDir } : {}),
    configFileMode: 0o600,
    // API URLs contain dots; they are keys, not paths into the object.
    accessPropertiesByDotNotation: false,
    defaults: { logins: {} },
  });
  const save = (logins: Logins) => {
    conf.set('logins', logins);
    // The mode only applies when a file is created; a file made by an older version keeps its own.
    fs.chmodSync(conf.path, 0o600);
  };
  return {
    path: conf.path,
    getLogin: (apiUrl) => conf.get('logins')[apiUrl],
    setLogin: (apiUrl, login) => save({ ...conf.get('logins'), [apiUrl]: login }),
    deleteLogin(apiUrl) {
      const logins = { ...conf.get('logins') };
      if (!(apiUrl in logins)) return;
      delete logins[apiUrl];
      save(logins);
    },
  };
}
