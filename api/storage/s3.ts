import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { problems } from '../http/problems.js';

export interface StorageSettings {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** The most any one storage call may take, retries included (S3_TIMEOUT_SECONDS). */
  timeoutSeconds?: number;
}

export const DEFAULT_STORAGE_TIMEOUT_SECONDS = 10;

export interface Storage {
  bucket: string;
  /** Resolves when the bucket answers within timeoutMs (default: the storage timeout); rejects with a one-line reason otherwise. */
  check(timeoutMs?: number): Promise<void>;
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  remove(keys: string[]): Promise<void>;
  /** A GET URL for key, valid for expiresInSeconds from signingDate (default: now). */
  presign(key: string, expiresInSeconds: number, signingDate?: Date): Promise<string>;
}

const unavailable = (err: unknown) => {
  const problem = problems.unavailable('Photo storage unavailable', 'Photo storage cannot be reached right now; try again shortly.');
  problem.cause = err;
  return problem;
};

export function createS3Client(settings: StorageSettings): S3Client {
  const timeoutMs = (settings.timeoutSeconds ?? DEFAULT_STORAGE_TIMEOUT_SECONDS) * 1000;
  return new S3Client({
    // A stalled server (stopped, not dead) accepts the connection and never answers: without these
    // a call would wait forever. Each send also carries an AbortSignal for the whole call.
    requestHandler: { connectionTimeout: timeoutMs, requestTimeout: timeoutMs, throwOnRequestTimeout: true },
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
}

type SignableRequest = Parameters<S3RequestPresigner['presign']>[0];
const PROBE = 'friender-presign-probe';
// As the SDK escapes a key's path segments: encodeURIComponent leaves !'()* alone.
const uriEscape = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * getSignedUrl builds a command and resolves the endpoint for every URL: about 1 ms of CPU each,
 * and a page of cards signs dozens. The endpoint depends on the bucket, never the key, so it is
 * learnt once by signing one probe URL the SDK's way; after that each URL is only signed.
 */
export function createPresigner(client: S3Client, bucket: string) {
  let ready: Promise<{ presigner: S3RequestPresigner; probe: URL; prefix: string; region: string }> | undefined;
  const prepare = async () => {
    const probe = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: PROBE }), { expiresIn: 60 }));
    const region = probe.searchParams.get('X-Amz-Credential')?.split('/')[2];
    if (!probe.pathname.endsWith(`/${PROBE}`) || !region) throw new Error(`unexpected presigned URL shape: ${probe.origin}${probe.pathname}`);
    const presigner = new S3RequestPresigner({ ...client.config, signingName: 's3', region: async () => region });
    return { presigner, probe, prefix: probe.pathname.slice(0, -PROBE.length), region };
  };
  return async (key: string, expiresIn: number, signingDate?: Date): Promise<string> => {
    ready ??= prepare().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    const { presigner, probe, prefix, region } = await ready;
    const request: SignableRequest = {
      method: 'GET',
      protocol: probe.protocol,
      hostname: probe.hostname,
      ...(probe.port ? { port: Number(probe.port) } : {}),
      path: prefix + key.split('/').map(uriEscape).join('/'),
      headers: { host: probe.host },
      query: { 'x-id': 'GetObject' }, // as the SDK sends it
    };
    const signed = await presigner.presign(request, { expiresIn, signingRegion: region, ...(signingDate ? { signingDate } : {}) });
    const query = Object.entries(signed.query ?? {}).flatMap(([name, value]) =>
      value === null || value === undefined ? [] : [value].flat().map((v) => `${uriEscape(name)}=${uriEscape(v)}`),
    );
    return `${probe.protocol}//${probe.host}${signed.path}?${query.join('&')}`;
  };
}

/**
 * Every call is bounded by the storage timeout, retries included, and every failure is a 503
 * naming photo storage. Callers never hold a database transaction across one of these calls.
 */
export function createStorage(settings: StorageSettings): Storage {
  const client = createS3Client(settings);
  const bucket = settings.bucket;
  const presign = createPresigner(client, bucket);
  const timeoutMs = (settings.timeoutSeconds ?? DEFAULT_STORAGE_TIMEOUT_SECONDS) * 1000;
  const bounded = (ms = timeoutMs) => ({ abortSignal: AbortSignal.timeout(ms) });
  return {
    bucket,
    async check(ms) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), bounded(ms));
      } catch (err) {
        const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        const status = e.$metadata?.httpStatusCode;
        const why =
          status === 404 ? 'does not exist' :
          status === 403 ? 'is not accessible with these credentials' :
          e.name === 'TimeoutError' || e.name === 'AbortError' ? `did not answer within ${ms ?? timeoutMs} ms` :
          (e.message ?? e.name ?? 'is unreachable');
        throw new Error(`S3 bucket "${bucket}" ${why}`);
      }
    },
    async put(key, body, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType, ContentLength: body.length }), bounded());
      } catch (err) {
        throw unavailable(err);
      }
    },
    async remove(keys) {
      if (keys.length === 0) return;
      try {
        const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }), bounded());
        if (out.Errors?.length) throw new Error(out.Errors.map((e) => `${e.Key}: ${e.Message}`).join('; '));
      } catch (err) {
        throw unavailable(err);
      }
    },
    presign: (key, expiresInSeconds, signingDate) => presign(key, expiresInSeconds, signingDate),
  };
}
