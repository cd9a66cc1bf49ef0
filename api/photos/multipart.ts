import busboy from 'busboy';
import type { Request } from 'express';
import { HttpProblem, problems } from '../http/problems.js';

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

export interface UploadLimits {
  maxBytes: number;
  maxFiles: number;
}

const megabytes = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
// File names come from the client: shown in messages only, cleaned, never used as keys.
const displayName = (raw: string | undefined, index: number) =>
  (raw ?? '').replace(/[\p{Cc}"\\/]/gu, '').slice(-80) || `file ${index + 1}`;

const tooLarge = (detail: string) =>
  new HttpProblem(413, 'payload-too-large', 'Photo too large', detail, {
    errors: [{ field: 'photo', message: detail }],
    // Stop the client sending the rest of a body we will not read.
    headers: { Connection: 'close' },
  });

/**
 * Streams a multipart body, keeping at most maxBytes per file in memory and refusing
 * the moment a file passes the limit — not after buffering all of it.
 */
export function readPhotos(req: Request, limits: UploadLimits): Promise<UploadedFile[]> {
  if (!req.is('multipart/form-data')) throw problems.unsupportedMediaType('multipart/form-data with the files in the field "photo"');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes * limits.maxFiles + 64 * 1024) {
    throw tooLarge(`The upload is ${megabytes(declared)}; each photo may be at most ${megabytes(limits.maxBytes)}.`);
  }
  return new Promise((resolve, reject) => {
    const files: UploadedFile[] = [];
    let failed = false;
    const fail = (problem: HttpProblem) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(problem);
    };
    let parser: busboy.Busboy;
    try {
      // busboy signals a limit when it is reached, not passed: one more than allowed marks the excess.
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 0, parts: limits.maxFiles + 1 } });
    } catch {
      throw problems.badRequest('The multipart body has no boundary.');
    }
    parser.on('file', (field, stream, info) => {
      const name = displayName(info.filename, files.length);
      // A body that ends inside a file errors on the file's stream; unheard, that error would end the process.
      stream.on('error', () => fail(problems.badRequest('The multipart body is malformed or cut off.')));
      if (field !== 'photo') {
        stream.resume();
        return fail(problems.validation([{ field, message: 'is not a field you can send; put the files in "photo"' }]));
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(`${name} is larger than ${megabytes(limits.maxBytes)}.`)));
      stream.on('end', () => {
        if (!failed) files.push({ name, bytes: Buffer.concat(chunks) });
      });
    });
    parser.on('fieldsLimit', () => fail(problems.validation([{ field: '(body)', message: 'only files, in the field "photo", may be sent' }])));
    parser.on('field', (field) => fail(problems.validation([{ field, message: 'is not a field you can send; put the files in "photo"' }])));
    parser.on('filesLimit', () => fail(problems.validation([{ field: 'photo', message: `at most ${limits.maxFiles} files per upload` }])));
    parser.on('partsLimit', () => fail(problems.validation([{ field: 'photo', message: `at most ${limits.maxFiles} files per upload` }])));
    parser.on('error', () => fail(problems.badRequest('The multipart body is malformed.')));
    parser.on('close', () => {
      if (failed) return;
      if (files.length === 0) return fail(problems.validation([{ field: 'photo', message: 'attach at least one file' }]));
      const empty = files.find((f) => f.bytes.length === 0);
      if (empty) return fail(problems.validation([{ field: 'photo', message: `${empty.name} is empty` }]));
      resolve(files);
    });
    req.on('aborted', () => fail(problems.badRequest('The upload was cut off.')));
    req.pipe(parser);
  });
}
