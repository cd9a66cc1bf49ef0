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
 * Gathers one file's bytes. When the body's length is declared, straight into one buffer of at
 * most that size (no file is longer than its body): joining chunks at the end would hold every
 * file twice for a moment, and the chunks until the next garbage collection.
 */
function collector(declared: number, maxBytes: number) {
  if (declared > 0) {
    const buffer = Buffer.allocUnsafe(Math.min(declared, maxBytes));
    let size = 0;
    return {
      add(chunk: Buffer) {
        // busboy stops at maxBytes; the guard keeps a body that lied about its length from writing past the end.
        size += chunk.copy(buffer, size);
      },
      bytes: () => buffer.subarray(0, size),
    };
  }
  const chunks: Buffer[] = [];
  return { add: (chunk: Buffer) => chunks.push(chunk), bytes: () => Buffer.concat(chunks.splice(0)) };
}

/**
 * Streams a multipart body and hands each file to `handle` as soon as it has arrived, one at a
 * time: the next file is not read until `handle` is done with this one, so an upload holds at most
 * one unprocessed file (≤ maxBytes) in memory. A file past the limit is refused the moment it
 * passes it. Resolves with what `handle` returned for each file, in order; rejects with the first
 * problem, once any `handle` under way has finished (its memory is not free before that).
 */
export function readPhotos<T>(req: Request, limits: UploadLimits, handle: (file: UploadedFile) => Promise<T>): Promise<T[]> {
  if (!req.is('multipart/form-data')) throw problems.unsupportedMediaType('multipart/form-data with the files in the field "photo"');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes * limits.maxFiles + 64 * 1024) {
    throw tooLarge(`The upload is ${megabytes(declared)}; each photo may be at most ${megabytes(limits.maxBytes)}.`);
  }
  return new Promise((resolve, reject) => {
    const results: T[] = [];
    let count = 0;
    let problem: unknown;
    // Each file waits for the one before it: until its turn nobody reads its stream, and busboy,
    // then the socket, stop there (backpressure).
    let turn = Promise.resolve();
    let handling: Promise<void> = Promise.resolve();
    const fail = (err: unknown) => {
      if (problem !== undefined) return;
      problem = err;
      req.unpipe(parser);
      req.resume();
      // Files not yet read never end now; only the one being handled is waited for.
      void handling.then(() => reject(problem));
    };
    let parser: busboy.Busboy;
    try {
      // busboy signals a limit when it is reached, not passed: one more than allowed marks the excess.
      parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxBytes, files: limits.maxFiles + 1, fields: 0, parts: limits.maxFiles + 1 } });
    } catch {
      throw problems.badRequest('The multipart body has no boundary.');
    }
    parser.on('file', (field, stream, info) => {
      // A body that ends inside a file errors on the file's stream; unheard, that error would end the process.
      stream.on('error', () => fail(problems.badRequest('The multipart body is malformed or cut off.')));
      if (field !== 'photo') {
        stream.resume();
        return fail(problems.validation([{ field, message: 'is not a field you can send; put the files in "photo"' }]));
      }
      const index = count++;
      const name = displayName(info.filename, index);
      turn = turn.then(
        () =>
          new Promise<void>((done) => {
            if (problem !== undefined) {
              stream.resume();
              return done();
            }
            const file = collector(declared, limits.maxBytes);
            stream.on('data', (chunk: Buffer) => file.add(chunk));
            stream.on('limit', () => fail(tooLarge(`${name} is larger than ${megabytes(limits.maxBytes)}.`)));
            stream.on('error', () => done());
            stream.on('end', () => {
              if (problem !== undefined) return done();
              const bytes = file.bytes();
              if (bytes.length === 0) {
                fail(problems.validation([{ field: 'photo', message: `${name} is empty` }]));
                return done();
              }
              handling = handle({ name, bytes }).then(
                (result) => {
                  results[index] = result;
                },
                (err: unknown) => fail(err),
              );
              void handling.then(done);
            });
          }),
      );
    });
    parser.on('fieldsLimit', () => fail(problems.validation([{ field: '(body)', message: 'only files, in the field "photo", may be sent' }])));
    parser.on('field', (field) => fail(problems.validation([{ field, message: 'is not a field you can send; put the files in "photo"' }])));
    parser.on('filesLimit', () => fail(problems.validation([{ field: 'photo', message: `at most ${limits.maxFiles} files per upload` }])));
    parser.on('partsLimit', () => fail(problems.validation([{ field: 'photo', message: `at most ${limits.maxFiles} files per upload` }])));
    parser.on('error', () => fail(problems.badRequest('The multipart body is malformed.')));
    parser.on('close', () => {
      void turn.then(() => {
        if (problem !== undefined) return;
        if (count === 0) return fail(problems.validation([{ field: 'photo', message: 'attach at least one file' }]));
        resolve(results);
      });
    });
    req.on('aborted', () => fail(problems.badRequest('The upload was cut off.')));
    req.pipe(parser);
  });
}
