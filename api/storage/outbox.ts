import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Storage } from './s3.js';

export interface OutboxSettings {
  /** The first retry comes this long after a failed removal; each next one waits twice as long, up to an hour. */
  retrySeconds: number;
  /** How long an upload may take between writing down its keys and committing its rows. */
  uploadGraceSeconds: number;
  /** How long after a delete commits the sweeper leaves its objects to the request that deleted them. */
  deleteGraceSeconds: number;
}

/**
 * From the settings: retries at the sweeper's pace; an upload's keys left alone for 10 minutes
 * (far longer than its 12 storage calls at most can take); a delete's objects left to the request
 * that deleted them for twice the storage timeout.
 */
export function outboxSettings(config: { storageSweepSeconds: number; s3: { timeoutSeconds: number } }): OutboxSettings {
  return { retrySeconds: config.storageSweepSeconds, uploadGraceSeconds: 600, deleteGraceSeconds: 2 * config.s3.timeoutSeconds };
}

const MAX_BACKOFF_SECONDS = 3600;
const SWEEP_BATCH = 50; // entries hold at most 12 keys each

/**
 * The storage outbox (migrations/0009): no storage call ever runs inside a database transaction,
 * and a stalled, dead or full S3 never leaves a row without its objects.
 *
 * Uploads write down their keys (committed), then write the objects, then commit the rows and
 * cross the keys out in one transaction. Deletes delete the rows and write down the keys in one
 * transaction, then remove the objects. Whatever storage did not confirm stays written down and
 * the sweeper retries it, with backoff, on any instance. The one thing that can linger is an
 * object without a row, until its removal succeeds; never a row without its object.
 */
export function createOutbox(deps: { sequelize: Sequelize; storage: Storage; clock: Clock; logger: Pick<Console, 'warn'>; settings: OutboxSettings }) {
  const { sequelize, storage, clock, settings } = deps;
  const later = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

  async function write(reason: 'upload' | 'delete', keys: string[], dueAt: Date, transaction?: Transaction): Promise<string> {
    const [row] = await sequelize.query<{ id: string }>('INSERT INTO storage_outbox (reason, keys, due_at) VALUES ($1, $2, $3) RETURNING id', {
      bind: [reason, keys, dueAt],
      type: QueryTypes.SELECT,
      transaction,
    });
    return row!.id;
  }

  /**
   * Claims entries for removal (attempts + 1, next try pushed back by the backoff), committed at
   * once: from here on an upload cannot keep these keys, and no other sweeper takes them.
   */
  async function claim(where: string, bind: unknown[]): Promise<Array<{ id: string; keys: string[] }>> {
    return sequelize.query<{ id: string; keys: string[] }>(
      `UPDATE storage_outbox SET attempts = attempts + 1,
         due_at = $1::timestamptz + make_interval(secs => least($2 * power(2, attempts), ${MAX_BACKOFF_SECONDS}))
       WHERE id IN (SELECT id FROM storage_outbox WHERE ${where} FOR UPDATE SKIP LOCKED)
       RETURNING id, keys`,
      { bind: [clock.now(), settings.retrySeconds, ...bind], type: QueryTypes.SELECT },
    );
  }

  /**
   * Removes claimed entries' objects in one storage call (a batch stays under S3's 1,000 keys per
   * delete) and crosses them out; on failure they stay, with the reason, for a later sweep.
   */
  async function removeClaimed(entries: Array<{ id: string; keys: string[] }>): Promise<boolean> {
    if (entries.length === 0) return true;
    const ids = entries.map((e) => e.id);
    try {
      await storage.remove(entries.flatMap((e) => e.keys));
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause ?? err;
      const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
      await sequelize.query('UPDATE storage_outbox SET last_error = $2 WHERE id = ANY($1)', { bind: [ids, why.slice(0, 500)] }).catch(() => {});
      return false;
    }
    await sequelize.query('DELETE FROM storage_outbox WHERE id = ANY($1)', { bind: [ids] });
    return true;
  }

  return {
    /** Before an upload writes its objects: if its rows never commit, these keys are removed later. */
    intendUpload: (keys: string[]) => write('upload', keys, later(settings.uploadGraceSeconds)),

    /**
     * In the transaction that commits the upload's rows: crosses the keys out. False when a sweeper
     * already claimed them (the upload took longer than the grace): the rows must not commit.
     */
    async keepUpload(id: string, transaction: Transaction): Promise<boolean> {
      const kept = await sequelize.query('DELETE FROM storage_outbox WHERE id = $1 AND attempts = 0 RETURNING id', { bind: [id], transaction, type: QueryTypes.SELECT });
      return kept.length === 1;
    },

    /** In the transaction that deletes the rows owning these keys. */
    discard: (keys: string[], transaction: Transaction) => write('delete', keys, later(settings.deleteGraceSeconds), transaction),

    /**
     * After the transaction: removes the entry's objects now, unless they were kept (the upload
     * committed after all) or someone else is removing them. Never throws: what fails stays
     * written down for the sweeper, and storage being down must not fail what already committed.
     */
    async settle(id: string): Promise<void> {
      try {
        const claimed = await claim('id = $3 AND attempts = 0', [id]);
        if (!(await removeClaimed(claimed))) deps.logger.warn(`storage: could not remove ${claimed[0]!.keys.join(', ')} yet; the sweeper will retry`);
      } catch (err) {
        deps.logger.warn(`storage: could not settle outbox entry ${id} (${(err as Error).message}); the sweeper will retry`);
      }
    },

    /**
     * One pass of the sweeper: every entry that is due, a batch (one storage call) at a time; it
     * stops at the first failed batch, since storage is then most likely down.
     */
    async sweep(): Promise<{ removed: number; failed: number }> {
      const result = { removed: 0, failed: 0 };
      for (;;) {
        // $1 is claim's own now: what is due is read at the instant the backoff counts from.
        const batch = await claim('due_at <= $1 ORDER BY due_at LIMIT $3', [SWEEP_BATCH]);
        if (!(await removeClaimed(batch))) return { ...result, failed: batch.length };
        result.removed += batch.length;
        if (batch.length < SWEEP_BATCH) return result;
      }
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Runs sweep() every `everySeconds` until stop(), which waits for a pass under way (so nothing
 * queries a closed pool). Logs once when removals start failing and once when they work again.
 */
export function startSweeper(outbox: Outbox, everySeconds: number, logger: Pick<Console, 'warn' | 'info'>) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let failing = false;
  const pass = async () => {
    try {
      const { removed, failed } = await outbox.sweep();
      if (failed && !failing) logger.warn(`storage sweeper: ${failed} removal(s) failed; retrying with backoff`);
      if (!failed && failing) logger.info(`storage sweeper: removals work again (${removed} done)`);
      failing = failed > 0;
    } catch (err) {
      if (!failing) logger.warn(`storage sweeper: ${(err as Error).message}`);
      failing = true;
    }
  };
  const tick = () => {
    running = pass().finally(() => {
      running = undefined;
      if (timer) timer = setTimeout(tick, everySeconds * 1000).unref();
    });
  };
  timer = setTimeout(tick, everySeconds * 1000).unref();
  return {
    async stop(): Promise<void> {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
