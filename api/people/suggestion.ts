import type { User } from '../db/models.js';

type Side = Pick<User, 'hobbies' | 'interests' | 'prompts'>;

/**
 * A first line for a conversation that has not started: from something both share (a hobby,
 * then an interest, in the other person's order), else from the other person's first prompt.
 * The same pair always gets the same line; it is only ever shown — the sender decides to send it.
 */
export function suggestFirstLine(viewer: Side, other: Side): string | undefined {
  const hobby = other.hobbies.find((tag) => viewer.hobbies.includes(tag));
  if (hobby) return `You both love ${hobby}! How did you get into it?`;
  const interest = other.interests.find((tag) => viewer.interests.includes(tag));
  if (interest) return `You're both into ${interest}. What got you started?`;
  const [prompt] = other.prompts;
  if (prompt) return `"${prompt.question.replace(/…$/, '')} ${prompt.answer}" — tell me more!`;
  return undefined;
}
