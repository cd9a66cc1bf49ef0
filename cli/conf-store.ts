import fs from 'node:fs';
import Conf from 'conf';
import type { ConfigStore, StoredLogin } from './config-store.js';
import { isSettingValue, type Settings } from './settings.js';

type Logins = Record<string, StoredLogin>;

/**
 * The login and settings store on disk, through conf. Imported lazily: commands that never touch
 * the store (anything run with FRIENDER_TOKEN, but swipe and chat, which read their settings unless
 * a flag and the environment decide them all) do not pay for loading conf and its validator.
 */
export function createConfStore(configDir?: string): ConfigStore {
  // No default for settings: a file written before they existed is left as it is until one is set.
  const conf = new Conf<{ logins: Logins; settings?: Partial<Settings> }>({
    projectName: 'friender',
    projectSuffix: '',
    ...(configDir ? { cwd: configDir } : {}),
    configFileMode: 0o600,
    // API URLs contain dots; they are keys, not paths into the object.
    accessPropertiesByDotNotation: false,
    defaults: { logins: {} },
  });
  const tighten = () => {
    // The mode only applies when a file is created; a file made by an older version keeps its own.
    fs.chmodSync(conf.path, 0o600);
  };
  const save = (logins: Logins) => {
    conf.set('logins', logins);
    tighten();
  };
  const settings = (): Partial<Record<string, unknown>> => {
    const stored = conf.get('settings');
    return typeof stored === 'object' && stored !== null ? stored : {};
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
    // The file can be edited by hand: a value the setting does not take counts as none.
    getSetting(key) {
      const value = settings()[key];
      return isSettingValue(key, value) ? value : undefined;
    },
    setSetting(key, value) {
      conf.set('settings', { ...settings(), [key]: value });
      tighten();
    },
  };
}
