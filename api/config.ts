import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PhotoSettings } from './photos/service.js';
import type { ChatSettings } from './messages/service.js';
import type { ThrottleSettings } from './accounts/throttle.js';
import { defaultMaxConnections, type ServerSettings } from './http/server.js';

/** Everything the API reads from its environment, validated once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** Where the one LISTEN connection goes (DATABASE_LISTEN_URL); undefined: the same as databaseUrl. */
  databaseListenUrl?: string;
  /** Named prepared statements on pooled connections (DATABASE_PREPARED); off behind a pooler that cannot keep them. */
  databasePrepared: boolean;
  s3: { endpoint?: string; bucket?: string; region: string; accessKeyId?: string; secretAccessKey?: string; timeoutSeconds: number };
  /** How often the sweeper retries removing objects whose rows are gone (the storage outbox). */
  storageSweepSeconds: number;
  server: ServerSettings;
  jwtSecret?: string;
  jwtIssuer: string;
  jwtAudience: string;
  tokenTtlSeconds: number;
  bcryptCost: number;
  login: ThrottleSettings;
  limits: { signupsPerIpPerHour: number; zipChangesPerDay: number; reportsPerDay: number };
  bodyLimit: string;
  /** Express's 'trust proxy': false (none), a number of hops, or the addresses of the proxies. Never true. */
  trustProxy: TrustProxy;
  photos: PhotoSettings;
  chat: ChatSettings;
  /** How long a pass can be taken back (the undo template), in seconds; 0 turns undo off. */
  undoSeconds: number;
  /** Each viewer's ranked deck (api/candidates/deck.ts). */
  deck: { size: number; ttlSeconds: number };
  /** Ports for the embedded PostgreSQL and s3rver; undefined picks a free one at each start. */
  embedded: { postgresPort?: number; s3Port?: number };
  /** How long SIGTERM waits for requests in flight before it cuts them. */
  shutdownGraceSeconds: number;
}

/** A setting that stops start-up; its message is the one line a person reads. */
export class ConfigError extends Error {}

export type TrustProxy = false | number | string[];

// proxy-addr's names for the private ranges, so an operator need not spell them out.
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const MAX_PROXY_HOPS = 10;

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const slash = entry.indexOf('/');
  if (slash === -1) return isIP(entry) !== 0;
  const version = isIP(entry.slice(0, slash));
  const prefix = entry.slice(slash + 1);
  return version !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * Which hops in front of the API may say who the client is (X-Forwarded-For), the address the
 * per-address login limit counts. Trusting every hop would let a client write the left-most entry
 * itself and pick its own address, so `true` means the one load balancer it was always meant for.
 */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return 1;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > MAX_PROXY_HOPS) throw new ConfigError(`TRUST_PROXY must be a number of proxies from 1 to ${MAX_PROXY_HOPS}, got ${raw}`);
    return hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY must be false, true (one proxy), a number of proxies (1-${MAX_PROXY_HOPS}) or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal, uniquelocal; "${bad}" is none of these`,
    );
  }
  return entries;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** DATABASE_PREPARED, for tools that open their own pool (bin/admin.ts) as well as the API. */
export const preparedSetting = (env: NodeJS.ProcessEnv = process.env) => bool(env, 'DATABASE_PREPARED', true);

function serverSettings(env: NodeJS.ProcessEnv): ServerSettings {
  const headersTimeoutSeconds = int(env, 'HEADERS_TIMEOUT_SECONDS', 10, 1, 600);
  const requestTimeoutSeconds = int(env, 'REQUEST_TIMEOUT_SECONDS', 300, 1, 3600);
  // Node reads a request's headers within both limits; a longer header limit would never apply.
  if (headersTimeoutSeconds > requestTimeoutSeconds) {
    throw new ConfigError(`HEADERS_TIMEOUT_SECONDS (${headersTimeoutSeconds}) must not be more than REQUEST_TIMEOUT_SECONDS (${requestTimeoutSeconds})`);
  }
  return {
    maxConnections: int(env, 'MAX_CONNECTIONS', defaultMaxConnections(), 1, 1_000_000),
    headersTimeoutSeconds,
    requestTimeoutSeconds,
    keepAliveTimeoutSeconds: int(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', 5, 1, 600),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  // Notifications need a session of their own: through a pooler in transaction mode LISTEN is lost.
  const databaseListenUrl = url(env, 'DATABASE_LISTEN_URL', ['postgres:', 'postgresql:']);
  if (databaseListenUrl && !databaseUrl) throw new ConfigError('DATABASE_LISTEN_URL is set but DATABASE_URL is not');
  const endpoint = url(env, 'S3_ENDPOINT', ['http:', 'https:']);
  const bucket = env.S3_BUCKET || undefined;
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`S3_BUCKET "${bucket}" is not a valid bucket name`);
  }
  if (endpoint && !bucket) throw new ConfigError('S3_ENDPOINT is set but S3_BUCKET is not');
  // Set but empty is a mistake to report, not a request for the generated secret.
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.trim() === '') throw new ConfigError('JWT_SECRET is set but empty; it must be at least 32 bytes long');
  const jwtSecret = env.JWT_SECRET || undefined;
  // Embedded mode generates and keeps its own secret; anything shared needs a real one.
  if (databaseUrl && !jwtSecret) throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set');
  if (jwtSecret && Buffer.byteLength(jwtSecret.trim()) < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 bytes long');
  }
  const port = int(env, 'PORT', 3000, 0, 65535);
  const embedded = { postgresPort: int(env, 'FRIENDER_PG_PORT', 0, 1, 65535) || undefined, s3Port: int(env, 'FRIENDER_S3_PORT', 0, 1, 65535) || undefined };
  const given = new Map([[port, 'PORT']]);
  for (const [name, value] of [['FRIENDER_PG_PORT', embedded.postgresPort], ['FRIENDER_S3_PORT', embedded.s3Port]] as const) {
    if (value === undefined) continue;
    if (given.has(value)) throw new ConfigError(`${name} ${value} is already given to ${given.get(value)}; each needs its own port`);
    given.set(value, name);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(cwd, env.FRIENDER_DATA_DIR || '.friender'),
    databaseUrl,
    databaseListenUrl,
    databasePrepared: preparedSetting(env),
    s3: {
      endpoint,
      bucket,
      region: env.S3_REGION || 'us-east-1',
      accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY || undefined,
      timeoutSeconds: int(env, 'S3_TIMEOUT_SECONDS', 10, 1, 300),
    },
    storageSweepSeconds: int(env, 'STORAGE_SWEEP_SECONDS', 30, 1, 24 * 3600),
    server: serverSettings(env),
    jwtSecret,
    jwtIssuer: env.JWT_ISSUER || 'friender-api',
    jwtAudience: env.JWT_AUDIENCE || 'friender',
    tokenTtlSeconds: int(env, 'TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    bcryptCost: int(env, 'BCRYPT_COST', 12, 4, 15),
    login: {
      maxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
      windowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
      maxFailuresPerIp: int(env, 'LOGIN_MAX_FAILURES_PER_IP', 50, 1, 100000),
      slowdownAfter: int(env, 'LOGIN_SLOWDOWN_AFTER', 20, 1, 100000),
      slowdownSeconds: int(env, 'LOGIN_SLOWDOWN_SECONDS', 10, 1, 3600),
    },
    limits: {
      signupsPerIpPerHour: int(env, 'SIGNUPS_PER_IP_PER_HOUR', 10, 1, 1_000_000),
      zipChangesPerDay: int(env, 'ZIP_CHANGES_PER_DAY', 3, 1, 1000),
      reportsPerDay: int(env, 'REPORTS_PER_DAY', 20, 1, 1000),
    },
    bodyLimit: '32kb',
    trustProxy: trustProxy(env),
    chat: {
      pageSize: 50,
      defaultWaitSeconds: int(env, 'CHAT_WAIT_SECONDS', 25, 0, 60),
      maxPollsPerUser: int(env, 'CHAT_POLLS_PER_USER', 5, 1, 1000),
      messagesPerMinute: int(env, 'CHAT_MESSAGES_PER_MINUTE', 30, 1, 100000),
    },
    undoSeconds: int(env, 'UNDO_SECONDS', 600, 0, 24 * 3600),
    deck: { size: int(env, 'DECK_SIZE', 300, 20, 5000), ttlSeconds: int(env, 'DECK_TTL_SECONDS', 600, 1, 24 * 3600) },
    photos: {
      maxPhotos: 6,
      maxBytes: 10 * 1024 * 1024,
      urlTtlSeconds: int(env, 'PHOTO_URL_TTL_SECONDS', 15 * 60, 1, 7 * 24 * 3600),
      image: { maxPixels: 40_000_000, maxSide: 2048, thumbnailSide: 320 },
      concurrency: int(env, 'PHOTO_CONCURRENCY', Math.max(1, os.availableParallelism()), 1, 64),
      // Each upload let in may hold one 10 MB file unprocessed: 16 keeps 80 at once under 600 MB on 2 CPUs (bench:upload).
      queue: int(env, 'PHOTO_QUEUE', 16, 0, 10_000),
    },
    embedded,
    shutdownGraceSeconds: int(env, 'SHUTDOWN_GRACE_SECONDS', 10, 0, 3600),
  };
}
