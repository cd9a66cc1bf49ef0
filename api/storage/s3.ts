import { HeadBucketCommand, S3Client, CreateBucketCommand } from '@aws-sdk/client-s3';

export interface StorageSettings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface Storage {
  client: S3Client;
  bucket: string;
  /** Resolves when the bucket answers; rejects with a one-line reason otherwise. */
  check(): Promise<void>;
  ensureBucket(): Promise<void>;
}

export function createStorage(settings: StorageSettings): Storage {
  const client = new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // S3-compatible servers (s3rver, MinIO) do not all speak the SDK's default flexible checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  const bucket = settings.bucket;
  return {
    client,
    bucket,
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (err) {
        const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        const status = e.$metadata?.httpStatusCode;
        const why = status === 404 ? 'does not exist' : status === 403 ? 'is not accessible with these credentials' : (e.message ?? e.name ?? 'is unreachable');
        throw new Error(`S3 bucket "${bucket}" ${why}`);
      }
    },
    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      }
    },
  };
}
