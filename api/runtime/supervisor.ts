/** A server process we started and keep running: postgres (postgres/server.ts) or s3rver (embedded.ts). */
export interface Supervised {
  /** Settles when the process ends, however it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops it; nothing when it has already ended. */
  stop(): Promise<void>;
}

export interface Supervisor<P extends Supervised> {
  /** The process started last: the one running, or the one that died while a restart is under way. */
  readonly current: P;
  /** Stops the process for good: no restart after this. */
  stop(): Promise<void>;
}

export interface SupervisorSettings {
  /** How the log names it: "embedded PostgreSQL". */
  name: string;
  /** What clients see while it is down: "requests get 503". */
  meanwhile: string;
  /** The longest wait between attempts. */
  maxRetryMs: number;
}

const FIRST_RETRY_MS = 250;
// A process that ran this long before it died earns an immediate restart; one that keeps dying sooner waits longer each time.
const STABLE_MS = 30_000;

/**
 * Keeps a server running: when it dies (killed, crashed, OOM) `start` runs it again (same port,
 * same folder), the first attempt at once, then with backoff (0.25 s doubling to `maxRetryMs`), for
 * as long as it takes; the backoff carries on across deaths that come less than 30 s after a start,
 * so a process that keeps dying is not restarted in a tight loop. One log line per change of state
 * — died, still failing (once per reason), up again — never one per attempt or per request.
 */
export function supervise<P extends Supervised>(first: P, start: () => Promise<P>, log: (line: string) => void, settings: SupervisorSettings): Supervisor<P> {
  const { name, meanwhile, maxRetryMs } = settings;
  let current = first;
  let stopping = false;
  let delay = 0; // before the next attempt
  let wake: (() => void) | undefined;
  let restarting: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function restart(diedAt: number): Promise<void> {
    let lastReason: string | undefined;
    for (let attempt = 1; !stopping; attempt += 1) {
      if (delay > 0) await sleep(delay);
      if (stopping) return;
      delay = Math.min(Math.max(delay * 2, FIRST_RETRY_MS), maxRetryMs);
      try {
        const next = await start();
        if (stopping) {
          await next.stop();
          return;
        }
        log(`${name} is up again, ${Date.now() - diedAt} ms after it stopped (${attempt} ${attempt === 1 ? 'attempt' : 'attempts'})`);
        watch(next);
        return;
      } catch (err) {
        const reason = (err as Error).message;
        if (reason !== lastReason) log(`${name} did not restart (${reason}); retrying every ${maxRetryMs / 1000} s at most`);
        lastReason = reason;
      }
    }
  }

  function watch(server: P): void {
    current = server;
    const startedAt = Date.now();
    void server.exited.then(({ code, signal }) => {
      if (stopping || current !== server) return;
      if (Date.now() - startedAt >= STABLE_MS) delay = 0;
      log(`${name} stopped unexpectedly (${signal ? `signal ${signal}` : `exit ${code}`}); restarting it, meanwhile ${meanwhile}`);
      restarting = restart(Date.now()).finally(() => (restarting = undefined));
    });
  }
  watch(first);

  return {
    get current() {
      return current;
    },
    async stop() {
      stopping = true;
      wake?.();
      await restarting;
      await current.stop();
    },
  };
}
