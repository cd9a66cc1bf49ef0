import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';

/** At most `max` events per `windowSeconds` under `key`; past that, one per `slowSeconds` if set. */
export interface Limit {
  key: string;
  max: number;
  windowSeconds: number;
  slowSeconds?: number;
}

/** The arguments of friender_take (migrations/0008), for callers that take inside a larger statement. */
export function takeArgs(limits: Limit[], now: Date): [string[], number[], number[], number[], Date] {
  return [limits.map((l) => l.key), limits.map((l) => l.max), limits.map((l) => l.windowSeconds), limits.map((l) => l.slowSeconds ?? 0), now];
}

export const secondsUntil = (when: Date, now: Date): number => Math.max(1, Math.ceil((when.getTime() - now.getTime()) / 1000));

/**
 * Limits counted in PostgreSQL, so they hold across instances and under bursts: the decision and
 * the record of it happen in one statement under a lock per key, before the work they guard.
 */
export function createLimiter(sequelize: Sequelize, clock: Clock) {
  return {
    /**
     * Records one event (at `at`) under every key, or, when any key is over its limit, records
     * nothing and says when to try again (`retryAt`).
     */
    async take(limits: Limit[], transaction?: Transaction): Promise<{ at: Date; retryAt?: Date }> {
      const at = clock.now();
      const [row] = await sequelize.query<{ retry: Date | null }>('SELECT friender_take($1, $2, $3, $4, $5) AS retry', {
        bind: takeArgs(limits, at),
        type: QueryTypes.SELECT,
        transaction,
      });
      return { at, retryAt: row?.retry ? new Date(row.retry) : undefined };
    },

    async forget(keys: string[]): Promise<void> {
      await sequelize.query('DELETE FROM rate_events WHERE key = ANY($1)', { bind: [keys] });
    },

    /**
     * After an attempt that turned out fine, in one statement: takes back the one event it
     * recorded at `at` under each of `refund`, clears `forget`, and leaves `mark` holding one
     * event from now, kept for `markSeconds`.
     */
    async settle(attempt: { at: Date; refund: string[]; forget: string[]; mark: string; markSeconds: number }): Promise<void> {
      const now = clock.now();
      await sequelize.query(
        `WITH refunded AS (
           DELETE FROM rate_events WHERE ctid IN (SELECT DISTINCT ON (key) ctid FROM rate_events WHERE key = ANY($1) AND at = $2)
         ), forgotten AS (
           DELETE FROM rate_events WHERE key = ANY($3) OR key = $4
         )
         INSERT INTO rate_events (key, at, expires_at) VALUES ($4, $5, $6)`,
        { bind: [attempt.refund, attempt.at, attempt.forget, attempt.mark, now, new Date(now.getTime() + attempt.markSeconds * 1000)] },
      );
    },

    /** Whether `key` has an event within the last `windowSeconds`. */
    async seen(key: string, windowSeconds: number): Promise<boolean> {
      const rows = await sequelize.query('SELECT 1 FROM rate_events WHERE key = $1 AND at > $2 LIMIT 1', {
        bind: [key, new Date(clock.now().getTime() - windowSeconds * 1000)],
        type: QueryTypes.SELECT,
      });
      return rows.length > 0;
    },

  };
}

export type Limiter = ReturnType<typeof createLimiter>;
