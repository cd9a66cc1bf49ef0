import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { problems } from '../http/problems.js';

export interface StorageSettings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface Storage {
  bucket: string;
  /** Resolves when the bucket answers; rejects with a one-line reason otherwise. */
  check(): Promise<void>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  presign(key: string, expiresInSeconds: number): Promise<string>;
}

const unavailable = (err: unknown) => {
  const problem = problems.unavailable('Photo storage unavailable', 'Photo storage cannot be reached right now; try again shortly.');
  problem.cause = err;
  return problem;
};

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
    async put(key, body, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }));
      } catch (err) {
        throw unavailable(err);
      }
    },
    async remove(keys) {
      if (keys.length === 0) return;
      try {
        const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
        if (out.Errors?.length) throw new Error(out.Errors.map((e) => `${e.Key}: ${e.Message}`).join('; '));
      } catch (err) {
        throw unavailable(err);
      }
    },
    presign(key, expiresInSeconds) {
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds });
    },
  };
}
