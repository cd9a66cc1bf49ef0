/**
 * The questions a profile's prompts may answer: a fixed list, so every card reads alike and a
 * first line can be suggested from them. Offered as `options` by the edit template.
 */
export const PROMPT_QUESTIONS = [
  'A perfect Saturday is…',
  'Teach me…',
  "Let's go to…",
  "I'm looking for a friend who…",
  'My most controversial opinion is…',
  'The last thing I got really into was…',
  'Ask me about…',
  'A skill I want to learn together is…',
] as const;

export const PROMPTS_MAX = 3;
export const PROMPT_ANSWER_MAX = 150;

export type PromptQuestion = (typeof PROMPT_QUESTIONS)[number];

/** As stored (jsonb keeps its keys in its own order), written back question first. */
export const shownPrompts = (prompts: ReadonlyArray<{ question: string; answer: string }>) => prompts.map(({ question, answer }) => ({ question, answer }));
