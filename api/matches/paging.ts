import { QueryTypes, type Sequelize } from 'sequelize';
import { z } from 'zod';

/**
 * Pages of a user's live matches, newest activity first (the match's newest message, or its
 * creation), by an opaque cursor on (activity, id): the same for the inbox and the matches list.
 * A cursor says where and which way (older or newer); the activity is kept to the microsecond
 * so no two pages overlap or leave a gap.
 */
export interface Cursor {
  micros: string;
  id: string;
  newer: boolean;
}

export const encodeCursor = (c: Cursor) => Buffer.from(`${c.newer ? 'n' : 'o'}.${c.micros}.${c.id}`).toString('base64url');

const CURSOR = /^([no])\.(\d{1,17})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export const pagingQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 50')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(50, 'may be at most 50'))
    .optional(),
  after: z
    .string()
    .transform((s, ctx) => {
      const m = CURSOR.exec(Buffer.from(s, 'base64url').toString());
      if (!m) {
        ctx.addIssue({ code: 'custom', message: 'must be a cursor from a next or prev link' });
        return z.NEVER;
      }
      return { newer: m[1] === 'n', micros: m[2]!, id: m[3]! } satisfies Cursor;
    })
    .optional(),
});

export const DEFAULT_LIMIT = 20;

export interface PageOf {
  ids: string[];
  next?: Cursor;
  prev?: Cursor;
}

interface Row {
  id: string;
  micros: string;
}

/** Each side of the pair read from its own index (matches_inbox_a_idx / _b_idx), merged. */
const side = (column: 'user_a' | 'user_b', cmp: '<' | '>', dir: 'ASC' | 'DESC') => `(
  SELECT id, last_activity_at FROM matches
   WHERE ${column} = $1 AND ended_at IS NULL
     AND ($2::int8 IS NULL OR (last_activity_at, id) ${cmp} ('epoch'::timestamptz + $2::int8 * interval '1 microsecond', $3::uuid))
   ORDER BY last_activity_at ${dir}, id ${dir} LIMIT $4)`;

export async function pageOfMatches(sequelize: Sequelize, viewerId: string, limit: number, after?: Cursor): Promise<PageOf> {
  const newer = after?.newer ?? false;
  const [cmp, dir] = newer ? (['>', 'ASC'] as const) : (['<', 'DESC'] as const);
  const rows = await sequelize.query<Row>(
    `SELECT id, ((extract(epoch FROM last_activity_at) * 1000000)::int8)::text AS micros FROM (
       ${side('user_a', cmp, dir)} UNION ALL ${side('user_b', cmp, dir)}
     ) x ORDER BY last_activity_at ${dir}, id ${dir} LIMIT $4`,
    { bind: [viewerId, after?.micros ?? null, after?.id ?? null, limit + 1], type: QueryTypes.SELECT },
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (newer) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const at = (r: Row, towardsNewer: boolean): Cursor => ({ micros: r.micros, id: r.id, newer: towardsNewer });
  // Going older: more older ones when the page overflowed; newer ones whenever it began at a cursor.
  // Going newer: the reverse.
  const next = last && (newer ? true : more) ? at(last, false) : undefined;
  const prev = first && (newer ? more : after !== undefined) ? at(first, true) : undefined;
  return { ids: page.map((r) => r.id), next, prev };
}
