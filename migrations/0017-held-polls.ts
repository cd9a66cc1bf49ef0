import type { QueryInterface } from 'sequelize';

/**
 * Held long polls (a conversation's messages, the inbox's events), counted in PostgreSQL so the
 * per-user cap holds however many instances a user's polls land on (api/messages/polls.ts).
 *
 * Each held poll is a lease: a row with its own expiry, a little past the longest the poll can be
 * held. The instance deletes it when the poll ends; an instance that dies without doing so leaves
 * rows that simply stop counting once expired, and are swept by later takes. No heartbeat: nothing
 * runs in the background, and a lease costs one insert and one delete.
 *
 * UNLOGGED: no WAL for 800 writes a second of rows that matter only while their polls are held.
 * After a database crash the table comes back empty, as the polls it counted were all cut anyway.
 * No foreign key to users: a key check would lock the user's row on every take; a deleted user's
 * leases just expire.
 */
export async function up(qi: QueryInterface): Promise<void> {
  const q = (sql: string) => qi.sequelize.query(sql);
  await q(`
    CREATE UNLOGGED TABLE held_polls (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id uuid NOT NULL,
      expires_at timestamptz NOT NULL
    )`);
  await q('CREATE INDEX held_polls_user_idx ON held_polls (user_id)');
  await q('CREATE INDEX held_polls_expires_idx ON held_polls (expires_at)');
  // A function, not one SQL statement with the lock in a CTE: a statement's snapshot is taken
  // before its lock is granted, so it would count without the leases committed while it waited
  // (and a burst would pass the cap). In a VOLATILE function each statement takes a new snapshot
  // under READ COMMITTED, so the count after the lock sees every lease committed before it. The
  // advisory lock is the transaction's, so it is held until the insert has committed.
  await q(`
    CREATE FUNCTION friender_hold_poll(p_user uuid, p_max int, p_now timestamptz, p_until timestamptz, p_released bigint[] DEFAULT '{}', OUT lease bigint, OUT held int)
    LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'friender_hold_poll needs READ COMMITTED, not %', current_setting('transaction_isolation');
      END IF;
      PERFORM pg_advisory_xact_lock(hashtextextended('friender-polls:' || p_user::text, 0));
      -- Polls this instance has ended since, not yet given back (api/messages/polls.ts batches them).
      -- Under the lock: deleted before it, an expired one among them could deadlock with another
      -- take of the same user sweeping it below while holding the lock we wait for.
      IF cardinality(p_released) > 0 THEN
        DELETE FROM held_polls WHERE id = ANY (p_released);
      END IF;
      -- This user's leases left by an instance that died go now; everyone's, now and then. Sweeping
      -- everyone's on every take walked the dead index entries of a table written 1,000 times a
      -- second (bench:inbox: PostgreSQL at 75% of a core, p95 2.9 s).
      DELETE FROM held_polls WHERE user_id = p_user AND expires_at <= p_now;
      IF random() < 0.01 THEN
        DELETE FROM held_polls WHERE id = ANY (ARRAY(
          SELECT id FROM held_polls WHERE expires_at <= p_now LIMIT 100 FOR UPDATE SKIP LOCKED));
      END IF;
      SELECT count(*) INTO held FROM held_polls WHERE user_id = p_user;
      IF held < p_max THEN
        INSERT INTO held_polls (user_id, expires_at) VALUES (p_user, p_until) RETURNING id INTO lease;
      END IF;
    END $$`);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP FUNCTION friender_hold_poll(uuid, int, timestamptz, timestamptz, bigint[])');
  await qi.sequelize.query('DROP TABLE held_polls');
}
