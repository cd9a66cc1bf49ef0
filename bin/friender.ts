#!/usr/bin/env node
import { run } from '../cli/main.js';
import { processFactory } from '../cli/factory.js';
import { exitCodeFor } from '../cli/errors.js';

// The only place the CLI's outcome becomes a process exit code (see cli/errors.ts for the mapping).
try {
  process.exitCode = await run(process.argv.slice(2), processFactory());
} catch (err) {
  // run() reports everything itself; reaching here is a bug worth a stack trace.
  console.error(err);
  process.exitCode = exitCodeFor(err);
}
