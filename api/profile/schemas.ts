import { z } from 'zod';
import { ADULT_AGE, birthDate, email } from '../accounts/schemas.js';
import { PROMPT_ANSWER_MAX, PROMPT_QUESTIONS, PROMPTS_MAX } from './prompts.js';
import { shownText } from '../http/fields.js';
import { INVISIBLE_MESSAGE, SURROGATE_MESSAGE, hasInvisible, hasLoneSurrogate } from '../http/text.js';

export const TAG_MAX = 30;
export const TAGS_MAX = 10;

const tag = z
  .string()
  // NFKC first: a full-width or otherwise styled spelling ("Ｃｈｅｓｓ") is the same tag as the plain one,
  // so it is one tag on a profile and it matches others' in discovery.
  .normalize('NFKC')
  // Before trimming and collapsing spaces: both would quietly turn U+FEFF into nothing or a space.
  .refine((s) => !hasInvisible(s), INVISIBLE_MESSAGE)
  .trim()
  .toLowerCase()
  .overwrite((s) => s.replace(/\s+/g, ' '))
  .min(1, 'tags may not be empty')
  .max(TAG_MAX)
  .regex(/^[^,\p{Cc}]+$/u, 'tags may not contain commas or control characters')
  .refine((s) => !hasLoneSurrogate(s), SURROGATE_MESSAGE);

export const AGE_MIN = ADULT_AGE;
export const AGE_MAX = 99;
const age = z.number().int('must be a whole number of years').min(AGE_MIN).max(AGE_MAX);

const tags = (title: string) =>
  z
    .array(tag)
    .max(TAGS_MAX)
    .transform((list) => [...new Set(list)])
    .meta({ title });

const prompt = z.strictObject({
  question: z.enum(PROMPT_QUESTIONS, { message: 'must be one of the questions the edit template offers' }).meta({ title: 'Question' }),
  answer: shownText({ min: 1, max: PROMPT_ANSWER_MAX }).meta({ title: `Your answer (up to ${PROMPT_ANSWER_MAX} characters)` }),
});

const prompts = z
  .array(prompt)
  .max(PROMPTS_MAX)
  .superRefine((list, ctx) => {
    list.forEach((p, i) => {
      if (list.findIndex((q) => q.question === p.question) < i) ctx.addIssue({ code: 'custom', path: [i, 'question'], message: 'is already answered above; each question once' });
    });
  })
  .meta({ title: `Prompts (up to ${PROMPTS_MAX}): a question from the list and your answer` });

export const profileEditSchema = z
  .strictObject({
    email,
    birthDate,
    bio: shownText({ max: 500 }).meta({ title: 'Bio (up to 500 characters)', halType: 'textarea' }),
    hobbies: tags('Hobbies (up to 10 tags)'),
    interests: tags('Interests (up to 10 tags)'),
    zipCode: z.string().regex(/^[0-9]{5}$/, 'must be a 5-digit US ZIP code').meta({ title: 'US ZIP code' }),
    friendRadius: z.number().int('must be a whole number of miles').min(1).max(500).meta({ title: 'Friend radius (miles)' }),
    minAge: age.meta({ title: `Youngest age you want to meet (${AGE_MIN}–${AGE_MAX})` }),
    maxAge: age.meta({ title: `Oldest age you want to meet (${AGE_MIN}–${AGE_MAX})` }),
    mutualRadius: z
      .boolean()
      .meta({ title: 'Mutual radius: only see (and be seen by) people whose own radius and age range reach you too', halType: 'checkbox' }),
    readReceipts: z
      .boolean()
      .meta({ title: 'Read receipts: show the other side what you have read (and see what they have read)', halType: 'checkbox' }),
    prompts,
  })
  .partial();

/** The edit offered once a birth date is given: it cannot be changed (the service refuses it anyway). */
export const profileEditDatedSchema = profileEditSchema.omit({ birthDate: true });

export type ProfileEdit = z.output<typeof profileEditSchema>;
