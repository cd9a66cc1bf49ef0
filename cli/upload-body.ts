import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface UploadBody {
  body: Readable;
  contentType: string;
  /** Exact byte length of the whole body, sent as Content-Length. */
  length: number;
}

/** A header-safe ASCII fallback name; the exact name travels in filename* (RFC 7578 / 5987). */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/**
 * One file as a multipart/form-data body, streamed from disk (never read whole into
 * memory), calling onBytes as each chunk leaves so a progress bar can follow it.
 */
export function multipartFile(field: string, file: { path: string; name: string; size: number }, onBytes: (sent: number) => void): UploadBody {
  const boundary = `friender-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${field}"; filename="${asciiName(file.name)}"; filename*=UTF-8''${encodeURIComponent(file.name)}\r\n` +
      // The server decides the type from the bytes; claiming one here would only be a guess.
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts() {
    yield head;
    let sent = 0;
    for await (const chunk of createReadStream(file.path)) {
      sent += (chunk as Buffer).length;
      // A file that grows while it is sent would break the declared length: stop instead.
      if (sent > file.size) throw new Error(`${file.name} changed while it was being sent`);
      onBytes(sent);
      yield chunk as Buffer;
    }
    if (sent !== file.size) throw new Error(`${file.name} changed while it was being sent`);
    yield tail;
  }
  return { body: Readable.from(parts(), { objectMode: false }), contentType: `multipart/form-data; boundary=${boundary}`, length: head.length + file.size + tail.length };
}
