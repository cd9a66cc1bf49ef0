import type { Readable, Writable } from 'node:stream';

/** The three standard streams and what they are connected to; tests pass PassThroughs. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  isStdinTTY: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Whether colour is possible at all (false turns it off whatever the environment says); cli/colour.ts decides the rest. */
  color: boolean;
}

export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isStdinTTY: process.stdin.isTTY === true,
    isStdoutTTY: process.stdout.isTTY === true,
    isStderrTTY: process.stderr.isTTY === true,
    // TERM, NO_COLOR, FORCE_COLOR and the rest are read from the environment in cli/colour.ts.
    color: true,
  };
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
