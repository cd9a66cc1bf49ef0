import { z } from 'zod';
import { shownText } from '../http/fields.js';

export const sendSchema = z.strictObject({
  body: shownText({ min: 1, max: 2000, maxMessage: 'may have at most 2000 characters' }).meta({ title: 'Message' }),
});

// Up to 15 digits: every such id is exact as a JavaScript number, so a cursor comes back as it went.
const id = z.string().regex(/^\d{1,15}$/, 'must be a message id from a link').transform(Number);

/** `?wait=` of a long poll (a conversation's messages, the inbox's events): whole seconds, at most 60. */
export const waitQuery = z
  .string()
  .regex(/^\d{1,2}$/, 'must be whole seconds')
  .transform(Number)
  .pipe(z.number().max(60, 'may be at most 60 seconds'))
  .optional();

export const pageQuerySchema = z.strictObject({
  after: id.optional(),
  before: id.optional(),
  wait: waitQuery,
});
