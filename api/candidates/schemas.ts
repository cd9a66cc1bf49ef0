import { z } from 'zod';
import { pageLimit } from '../http/fields.js';
import { UUID } from '../http/ids.js';

export const MAX_PAGE = 50;
export const DEFAULT_PAGE = 10;

/** The page's query string: everything arrives as text and is checked like any input. */
export const candidatesQuerySchema = z.strictObject({
  limit: pageLimit(MAX_PAGE),
  after: z.string().max(100).optional(),
});

export interface Cursor {
  score: number;
  /** The distance band in miles (never anything finer: the cursor is readable by whoever holds it). */
  miles: number;
  id: string;
}


/** Opaque to clients: the sort key of the last candidate on the page, so the next starts after it. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.score}.${c.miles}.${c.id}`).toString('base64url');
}

export function decodeCursor(raw: string): Cursor | undefined {
  const [score, miles, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('.');
  if (extra !== undefined || !id || !UUID.test(id) || !/^\d{1,4}$/.test(score ?? '') || !/^\d{1,5}$/.test(miles ?? '')) return undefined;
  return { score: Number(score), miles: Number(miles), id };
}
