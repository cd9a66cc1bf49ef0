import { z } from 'zod';
import { CONTROL_MESSAGE, INVISIBLE_MESSAGE, SURROGATE_MESSAGE, hasControl, hasInvisible, hasLoneSurrogate } from './text.js';

/**
 * A text a user writes for others to read (a bio, a prompt's answer, a message, a report's
 * details): trimmed, and refused — not stripped, so the writer sees what was wrong — when it holds
 * invisible or text-direction characters, control characters or a lone surrogate (text.ts).
 */
export function shownText(opts: { min?: number; minMessage?: string; max: number; maxMessage?: string; requiredMessage?: string }) {
  const base = z
    .string(opts.requiredMessage ? { error: opts.requiredMessage } : undefined)
    // Before trimming, which would quietly drop a U+FEFF at either end.
    .refine((s) => !hasInvisible(s), INVISIBLE_MESSAGE)
    .trim();
  return (opts.min ? base.min(opts.min, opts.minMessage ?? 'may not be empty') : base)
    .max(opts.max, opts.maxMessage)
    .refine((s) => !hasControl(s), CONTROL_MESSAGE)
    .refine((s) => !hasLoneSurrogate(s), SURROGATE_MESSAGE);
}

/** `?limit=` of a paged list: it arrives as text and is checked like any input. */
export const pageLimit = (max: number) =>
  z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))
    .optional();
