import type { PostgresProcess } from './server.js';

export interface Supervisor {
  /** Stops the server for good: no restart after this. */
  stop(): Promise<void>;
}

const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/**
 * Keeps the embedded PostgreSQL running: when it dies (killed, crashed, OOM) it is started again on
 * the same port and folder, the first attempt at once and then with backoff (0.25 s doubling to
 * 10 s), for as long as it takes. Requests meanwhile get 503 with Retry-After and the pool
 * reconnects by itself. One log line per change of state — died, still failing (once per reason),
 * up again — never one per attempt or per request.
 */
export function supervise(first: PostgresProcess, start: () => Promise<PostgresProcess>, log: (line: string) => void): Supervisor {
  let current: PostgresProcess | undefined = first;
  let stopping = false;
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
    let delay = FIRST_RETRY_MS;
    let lastReason: string | undefined;
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        const next = await start();
        if (stopping) {
          await next.stop();
          return;
        }
        log(`embedded PostgreSQL is up again, ${Date.now() - diedAt} ms after it stopped (${attempt} ${attempt === 1 ? 'attempt' : 'attempts'})`);
        watch(next);
        return;
      } catch (err) {
        const reason = (err as Error).message;
        if (reason !== lastReason) log(`embedded PostgreSQL did not restart (${reason}); retrying every ${MAX_RETRY_MS / 1000} s at most`);
        lastReason = reason;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  function watch(server: PostgresProcess): void {
    current = server;
    void server.exited.then(({ code, signal }) => {
      if (stopping || current !== server) return;
      current = undefined;
      log(`embedded PostgreSQL stopped unexpectedly (${signal ? `signal ${signal}` : `exit ${code}`}); restarting it, meanwhile requests get 503`);
      restarting = restart(Date.now()).finally(() => (restarting = undefined));
    });
  }
  watch(first);

  return {
    async stop() {
      stopping = true;
      wake?.();
      await restarting;
      await current?.stop();
    },
  };
}
