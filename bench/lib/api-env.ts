import crypto from 'node:crypto';
import { S3RVER_CREDENTIALS } from '../../api/runtime/embedded.js';

/**
 * The environment of an API process that a benchmark runs over services it started itself
 * (embedded PostgreSQL and s3rver in `dir`), as production would: environment only.
 */
export function benchApiEnv(services: { databaseUrl: string; s3Url: string; dir: string }, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: services.databaseUrl,
    JWT_SECRET: crypto.randomBytes(32).toString('hex'),
    S3_ENDPOINT: services.s3Url,
    S3_BUCKET: 'friender-photos',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    FRIENDER_DATA_DIR: services.dir,
    BCRYPT_COST: '4',
    ...extra,
  };
}
