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

    /** Takes back one event recorded at `at` under each key (an attempt that turned out fine). */
    async refund(keys: string[], at: Date): Promise<void> {
      await sequelize.query(
        'DELETE FROM rate_events WHERE ctid IN (SELECT DISTINCT ON (key) ctid FROM rate_events WHERE key = ANY($1) AND at = $2)',
        { bind: [keys, at] },
      );
    },

    async forget(keys: string[]): Promise<void> {
      await sequelize.query('DELETE FROM rate_events WHERE key = ANY($1)', { bind: [keys] });
    },

    /** Whether `key` has an event within the last `windowSeconds`. */
    async seen(key: string, windowSeconds: number): Promise<boolean> {
      const rows = await sequelize.query('SELECT 1 FROM rate_events WHERE key = $1 AND at > $2 LIMIT 1', {
        bind: [key, new Date(clock.now().getTime() - windowSeconds * 1000)],
        type: QueryTypes.SELECT,
      });
      return rows.length > 0;
    },

    /** Replaces whatever `key` held with one event now, kept for `windowSeconds`. */
    async mark(key: string, windowSeconds: number): Promise<void> {
      const now = clock.now();
      await sequelize.query(
        `WITH gone AS (DELETE FROM rate_events WHERE key = $1) INSERT INTO rate_events (key, at, expires_at) VALUES ($1, $2, $3)`,
        { bind: [key, now, new Date(now.getTime() + windowSeconds * 1000)] },
      );
    },
  };
}

export type Limiter = ReturnType<typeof createLimiter>;
