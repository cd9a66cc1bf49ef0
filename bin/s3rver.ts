#!/usr/bin/env node
/**
 * The embedded S3 server (s3rver) in a process of its own, started by the API
 * (api/runtime/embedded.ts), never by hand. Whatever happens to it — a full disk, a crash, a
 * SIGSTOP — the API only sees storage calls fail (503 on photo requests) and keeps serving;
 * when this process dies, the API starts it again on the same port.
 *
 * Arguments: <directory> <bucket> <port, 0 for any>. Reports `{ port }` over IPC once listening.
 */
import S3rver from 's3rver';
import { guardS3rverWrites } from '../api/runtime/s3rver-guard.js';

const [directory, bucket, port] = process.argv.slice(2);
if (!directory || !bucket || !process.send) {
  console.error('s3rver: run by the API (api/runtime/embedded.ts), with a directory, a bucket and a port');
  process.exit(2);
}
// One line, not a stack: the API logs it and starts this process again.
process.on('uncaughtException', (err) => {
  console.error(`s3rver: ${err.message}`);
  process.exit(1);
});
// Ctrl-C reaches the whole process group; the API stops storage itself, after its last request.
process.on('SIGINT', () => {});

guardS3rverWrites();
const server = new S3rver({ port: Number(port ?? 0), address: '127.0.0.1', directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
const address = await server.run();
process.send({ port: address.port });
// The API is gone, even by kill -9: its storage goes with it rather than outlive it.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
