import type { QueryInterface } from 'sequelize';

/**
 * friender_miles was STRICT around a body that is not (greatest ignores NULLs), and PostgreSQL
 * inlines an SQL function only when that cannot change an answer: so every call was a real
 * function call, two per place in a deck's reach — 3 of the 15 ms of a page at 25 miles among a
 * million users. Not STRICT, with NULL handled in the body, it is inlined and costs nothing.
 */
export async function up(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE OR REPLACE FUNCTION friender_miles(meters integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT AS $$
      SELECT CASE WHEN meters IS NULL THEN NULL ELSE greatest(1, round(meters / 1609.344))::int END
    $$`);
}

export async function down(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(`
    CREATE OR REPLACE FUNCTION friender_miles(meters integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT greatest(1, round(meters / 1609.344))::int
    $$`);
}
