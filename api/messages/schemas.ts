import { z } from 'zod';
import { CONTROL_MESSAGE, INVISIBLE_MESSAGE, SURROGATE_MESSAGE, hasControl, hasInvisible, hasLoneSurrogate } from '../http/text.js';

export const sendSchema = z.strictObject({
  body: z
    .string()
    // Before trimming, which would quietly drop a U+FEFF at either end.
    .refine((text) => !hasInvisible(text), INVISIBLE_MESSAGE)
    .trim()
    .min(1, 'may not be empty')
    .max(2000, 'may have at most 2000 characters')
    // Refused, not stripped: the sender sees what was wrong.
    .refine((text) => !hasControl(text), CONTROL_MESSAGE)
    .refine((text) => !hasLoneSurrogate(text), SURROGATE_MESSAGE)
    .meta({ title: 'Message' }),
});

// Up to 15 digits: every such id is exact as a JavaScript number, so a cursor comes back as it went.
const id = z.string().regex(/^\d{1,15}$/, 'must be a message id from a link').transform(Number);

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
