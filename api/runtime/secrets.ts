import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StartError } from './lock.js';

export interface EmbeddedSecrets {
  jwtSecret: string;
  postgresPassword: string;
}

/** The least each secret may hold; shorter ones (an empty one above all) are refused, never used. */
export const MIN_SECRET = { jwtSecret: 32, postgresPassword: 16 } as const;

const make = (): EmbeddedSecrets => ({ jwtSecret: crypto.randomBytes(48).toString('base64url'), postgresPassword: crypto.randomBytes(24).toString('base64url') });

/** Written beside the final name, flushed, then renamed: a crash mid-write never leaves half a file. */
async function write(file: string, secrets: EmbeddedSecrets): Promise<void> {
  const partial = `${file}.partial`;
  const handle = await fs.open(partial, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(secrets, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(partial, file);
}

/** The file's secrets, or why it cannot be read as such (damaged: not JSON, not an object, a field missing). */
function parse(text: string): EmbeddedSecrets | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'it is empty' : 'it is not JSON';
  }
  const record = (value ?? {}) as Record<string, unknown>;
  const missing = (['jwtSecret', 'postgresPassword'] as const).filter((key) => typeof record[key] !== 'string');
  if (typeof value !== 'object' || Array.isArray(value) || missing.length) return `${missing.join(' and ') || 'its content'} missing`;
  return { jwtSecret: record.jwtSecret as string, postgresPassword: record.postgresPassword as string };
}

/**
 * Generated once per data folder and kept there (mode 0600), so logins survive a restart. Losing or
 * damaging the file never locks the data out: a new one is made (the damaged one kept beside it) and
 * the embedded PostgreSQL's password is set anew from its files (embedded.ts); only logins made
 * before must be made again. Secrets that are there but too short are refused, with the way out.
 */
export async function loadOrCreateSecrets(dataDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  let text: string | undefined;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new StartError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (text !== undefined) {
    const parsed = parse(text);
    if (typeof parsed !== 'string') {
      for (const key of ['jwtSecret', 'postgresPassword'] as const) {
        const have = Buffer.byteLength(parsed[key].trim());
        if (have < MIN_SECRET[key]) {
          throw new StartError(
            `${file}: ${key} is ${have === 0 ? 'empty' : `${have} bytes`}, at least ${MIN_SECRET[key]} bytes needed; delete the file to have new secrets made (the data is kept; everyone logs in again)`,
          );
        }
      }
      return parsed;
    }
    const kept = `${file}.damaged-${Date.now()}`;
    await fs.rename(file, kept);
    log(`${file} was damaged (${parsed}): kept it as ${path.basename(kept)} and made new secrets; the data is kept, everyone logs in again`);
  }
  const secrets = make();
  await fs.mkdir(dataDir, { recursive: true });
  await write(file, secrets);
  return secrets;
}
