import { type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export interface SupervisedOptions {
  /** How it is called in the log: `instance 2`, `nginx`. */
  name: string;
  /** Starts the process (its own process group: the supervisor decides when it stops). */
  spawn(): ChildProcess;
  /** When it is ready: an IPC message (an API instance), or a check the supervisor runs (nginx). */
  isReadyMessage?(message: unknown): boolean;
  log(line: string): void;
  /** Called whenever its PID or readiness changes (the cluster writes them down). */
  onChange(): void;
}

/**
 * One child of `npm run cluster`, kept running: when it dies it is started again, at once-a-second
 * at first, backing off to 30 s while it keeps dying young (a port someone took, a database gone).
 * Its output is passed on line by line, named.
 */
export class Supervised {
  child: ChildProcess | undefined;
  ready = false;
  private stopping = false;
  private delayMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  private firstReady: { resolve(): void; reject(err: Error): void } | undefined;
  private lastLine = '';

  constructor(private readonly options: SupervisedOptions) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** Starts it; resolves once it is ready, rejects if it ends before that (the cluster then fails). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstReady = { resolve, reject };
      this.run();
    });
  }

  /** Marks it ready (for a child that says nothing itself). */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.options.onChange();
    this.firstReady?.resolve();
    this.firstReady = undefined;
  }

  private run(): void {
    const { name, log } = this.options;
    const child = this.options.spawn();
    const born = Date.now();
    this.child = child;
    this.ready = false;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        this.lastLine = line;
        process.stderr.write(`[${name}] ${line}\n`);
      });
    }
    child.on('message', (message) => {
      if (this.options.isReadyMessage?.(message)) {
        log(`${name} (pid ${child.pid}) ready`);
        this.markReady();
      }
    });
    let ended = false;
    const end = (code: number | null, signal: NodeJS.Signals | null) => {
      if (ended) return;
      ended = true;
      this.ready = false;
      this.options.onChange();
      if (this.stopping) return;
      if (this.firstReady) {
        this.firstReady.reject(new Error(`${name} stopped while starting (${signal ?? `exit ${code}`})${this.lastLine ? `: ${this.lastLine}` : ''}`));
        this.firstReady = undefined;
        return;
      }
      // One that lived a while starts over at once-a-second; one that keeps dying backs off to 30 s.
      if (Date.now() - born > 60_000) this.delayMs = 1000;
      log(`${name} (pid ${child.pid}) exited (${signal ?? code}); starting it again in ${this.delayMs / 1000} s`);
      this.timer = setTimeout(() => this.stopping || this.run(), this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, 30_000);
    };
    child.once('exit', end);
    // A process that could not be started at all (its program gone) has no exit to report.
    child.once('error', (err) => {
      log(`${name}: ${err.message}`);
      if (child.pid === undefined) end(127, null);
    });
    this.options.onChange();
  }

  /**
   * Asks it to stop (`ask`: a signal or IPC message), and SIGKILLs it after `graceMs`. Resolves once
   * it is gone. Safe to call again: a second call asks again (a second SIGTERM cuts an API's grace).
   */
  async stop(ask: (child: ChildProcess) => void, graceMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.firstReady?.reject(new Error(`${this.options.name} was stopped while starting`));
    this.firstReady = undefined;
    const child = this.child;
    if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      ask(child);
    } catch {
      // The IPC channel closed as it died: it is going anyway.
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await gone;
    clearTimeout(kill);
  }
}
