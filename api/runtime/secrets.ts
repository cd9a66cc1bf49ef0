import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedSecrets {
  jwtSecret: string;
  postgresPassword: string;
}

/** Generated once per data dir and kept there (mode 0600), so logins survive a restart. */
export async function loadOrCreateSecrets(dataDir: string): Promise<EmbeddedSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as EmbeddedSecrets;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const secrets = { jwtSecret: crypto.randomBytes(48).toString('base64url'), postgresPassword: crypto.randomBytes(24).toString('base64url') };
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
