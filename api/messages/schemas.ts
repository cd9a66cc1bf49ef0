import { z } from 'zod';

// Newline and tab are text; every other control character (and DEL) is refused, not stripped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

export const sendSchema = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'may not be empty')
    .max(2000, 'may have at most 2000 characters')
    .refine((text) => !CONTROL.test(text), 'may not contain control characters other than newline and tab')
    .meta({ title: 'Message' }),
});

const id = z.string().regex(/^\d{1,18}$/, 'must be a message id from a link').transform(Number);

export const pageQuerySchema = z.strictObject({
  after: id.optional(),
  before: id.optional(),
  wait: z
    .string()
    .regex(/^\d{1,2}$/, 'must be whole seconds')
    .transform(Number)
    .pipe(z.number().max(60, 'may be at most 60 seconds'))
    .optional(),
});
