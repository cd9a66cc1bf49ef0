import type { Readable, Writable } from 'node:stream';

/** The three standard streams and what they are connected to; tests pass PassThroughs. */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  isStdinTTY: boolean;
  isStdoutTTY: boolean;
  isStderrTTY: boolean;
  /** Whether the terminal may show colour at all (false for TERM=dumb); flags and NO_COLOR come on top. */
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
    color: process.env.TERM !== 'dumb',
  };
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
