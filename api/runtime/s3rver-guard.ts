import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

interface Store {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
}
interface PutObject {
  bucket: string;
  key: string;
  metadata: unknown;
  content: Buffer | Readable;
}

/**
 * Writes the file and only then answers, or fails the request. s3rver 3.7's own putObject
 * resolves when its hashing stream finishes, before the file is written, and never listens for
 * the file stream's errors: a full disk (ENOSPC, or EFBIG past a file-size limit) was an
 * uncaught exception that ended the process — and the object had already been acknowledged.
 */
async function writeObject(file: string, content: Buffer | Readable): Promise<{ size: number; md5: string }> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const hash = crypto.createHash('md5');
  let size = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, count, createWriteStream(file));
  } catch (err) {
    // A half-written file must not be served as the object.
    await fs.rm(file, { force: true }).catch(() => {});
    throw err;
  }
  return { size, md5: hash.digest('hex') };
}

/** Replaces s3rver's object and part writes with ones whose failures become error answers (500). */
export function guardS3rverWrites(): void {
  const require = createRequire(import.meta.url);
  const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as { prototype: Store & Record<string, unknown> };
  FilesystemStore.prototype.putObject = async function putObject(this: Store, object: PutObject) {
    const written = await writeObject(this.getResourcePath(object.bucket, object.key, 'object'), object.content);
    await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    return written;
  };
  FilesystemStore.prototype.putPart = async function putPart(this: Store, bucket: string, uploadId: string, partNumber: number, content: Readable) {
    const file = path.join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    const written = await writeObject(file, content);
    await fs.writeFile(`${file}.md5`, written.md5);
    return written;
  };
}
