import type { QueryInterface } from 'sequelize';

/**
 * Objects in storage that may have to go, written down in PostgreSQL so that no storage call ever
 * runs inside a database transaction and nothing is left half-written (api/storage/outbox.ts):
 *
 * - `upload`: keys about to be written for rows not yet committed. The transaction that commits
 *   the rows deletes the entry; if it never does (the insert failed, the process died), the
 *   sweeper removes the objects once `due_at` has passed.
 * - `delete`: keys whose rows were deleted in the same transaction that wrote the entry. The
 *   request removes them right after the commit; if storage is down, the sweeper retries.
 *
 * `attempts` > 0 means someone has claimed the entry to remove its objects: from then on an
 * upload can no longer keep them (its commit checks `attempts = 0` under the row lock).
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE storage_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      reason text NOT NULL CHECK (reason IN ('upload', 'delete')),
      keys text[] NOT NULL CHECK (cardinality(keys) > 0),
      due_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await qi.sequelize.query('CREATE INDEX storage_outbox_due_at ON storage_outbox (due_at)');
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query('DROP TABLE storage_outbox');
}
