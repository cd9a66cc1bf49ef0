#!/usr/bin/env node
import { run } from '../cli/main.js';
import { processFactory } from '../cli/factory.js';
import { EXIT, exitCodeFor } from '../cli/errors.js';

// A reader that stops early (`friender candidates | head -1`) closes the pipe: the output was
// wanted only so far, so the CLI stops at once and quietly with 0 — not with 141 (SIGPIPE) as
// some tools do, so that `set -o pipefail` scripts do not fail over a `head`.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT.ok);
    throw err;
  });
}

// The only place the CLI's outcome becomes a process exit code (see cli/errors.ts for the mapping).
try {
  process.exitCode = await run(process.argv.slice(2), processFactory());
} catch (err) {
  // run() reports everything itself; reaching here is a bug worth a stack trace.
  console.error(err);
  process.exitCode = exitCodeFor(err);
}
