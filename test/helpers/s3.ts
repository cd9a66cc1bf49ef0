import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS } from '../../api/runtime/embedded.js';
import { services } from './services.js';

const clients = new Map<string, S3Client>();
const s3 = (url = services.get().s3.url) => {
  let client = clients.get(url);
  if (!client) {
    client = new S3Client({
      region: 'us-east-1',
      endpoint: url,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    clients.set(url, client);
  }
  return client;
};

/** Every key in a bucket (the shared test bucket by default): what "nothing half-written" is checked against. */
export async function listKeys(target: { url: string; bucket: string } = services.get().s3): Promise<string[]> {
  const out = await s3(target.url).send(new ListObjectsV2Command({ Bucket: target.bucket }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

export async function getObject(key: string): Promise<{ body: Buffer; contentType?: string }> {
  const out = await s3().send(new GetObjectCommand({ Bucket: services.get().s3.bucket, Key: key }));
  return { body: Buffer.from(await out.Body!.transformToByteArray()), contentType: out.ContentType };
}

export async function emptyBucket(): Promise<void> {
  const keys = await listKeys();
  if (keys.length) await s3().send(new DeleteObjectsCommand({ Bucket: services.get().s3.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
}
