import type { Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import { preparedQueries } from '../db/prepared.js';

/**
 * How long a lease outlives its poll's wait. A poll ends at its deadline plus at most one more
 * read, and that read may first wait for a pooled connection (up to 10 s, api/db/sequelize.ts).
 * Past this, a lease whose instance died stops counting; one whose poll is somehow still held
 * (the database stalled for longer) lets one more poll in, the safe way to be wrong.
 */
export const LEASE_GRACE_SECONDS = 30;

export interface PollLease {
  /** Gives the place back, within the batch's few milliseconds; never throws (a lease that cannot be deleted expires). */
  release(): Promise<void>;
}

/**
 * Held polls per user across every instance — a conversation's messages poll and the inbox's
 * events poll alike count one each against `max` (settings.maxPollsPerUser). Counted in
 * PostgreSQL as leases (migrations/0017): a take is one prepared statement that decides and
 * records under a lock per user, so a burst over any number of instances holds exactly `max`;
 * releases are batched. An instance that dies leaves leases that expire on their own.
 */
export function createPollLeases(deps: { sequelize: Sequelize; clock: Clock; max: number; batchMs?: number; draining?: AbortSignal }) {
  const prepared = preparedQueries(deps.sequelize);
  // Ended polls are given back in batches: one DELETE every batchMs for all of them, where one per
  // poll doubled the statements of 10,000 idle polls. A user who polls again from this instance
  // gives theirs back in the same statement that takes the new place, so they never count twice
  // here; through another instance, for at most batchMs.
  const released = new Map<string, string[]>();
  let flushing: NodeJS.Timeout | undefined;
  async function flush(): Promise<void> {
    clearTimeout(flushing);
    flushing = undefined;
    const ids = [...released.values()].flat();
    released.clear();
    if (ids.length > 0) await prepared('friender_release_polls', 'DELETE FROM held_polls WHERE id = ANY ($1::bigint[])', [ids]).catch(() => {});
  }
  function giveBack(userId: string, ids: string[]): void {
    released.set(userId, [...(released.get(userId) ?? []), ...ids]);
    flushing ??= setTimeout(() => void flush(), deps.batchMs ?? 20).unref();
  }
  // Those ended just before a shutdown go at once, not on a timer that may fire after the pool closes.
  deps.draining?.addEventListener('abort', () => void flush(), { once: true });
  return {
    /** A lease for a poll that waits up to `waitSeconds`, or, at the cap, how many are held. */
    async take(userId: string, waitSeconds: number): Promise<{ lease?: PollLease; held: number }> {
      const now = deps.clock.now();
      const until = new Date(now.getTime() + (Math.ceil(waitSeconds) + LEASE_GRACE_SECONDS) * 1000);
      const mine = released.get(userId) ?? [];
      released.delete(userId);
      const [row] = await prepared<{ lease: string | null; held: number }>(
        'friender_hold_poll', 'SELECT lease, held FROM friender_hold_poll($1, $2, $3, $4, $5::bigint[])', [userId, deps.max, now, until, mine],
      ).catch((err: unknown) => {
        // Rolled back with the take: they are still held, so back in the batch.
        if (mine.length > 0) giveBack(userId, mine);
        throw err;
      });
      const id = row?.lease ?? null;
      const held = row?.held ?? deps.max;
      if (id === null) return { held };
      let done = false;
      return {
        held,
        lease: {
          async release() {
            if (done) return;
            done = true;
            giveBack(userId, [id]);
            // Shutting down: given back before the answer, while the pool is still there.
            if (deps.draining?.aborted) return flush();
          },
        },
      };
    },
    /** Gives back every ended poll now (shutdown). */
    flush,
  };
}

export type PollLeases = ReturnType<typeof createPollLeases>;
