import type { PromptQuestion } from '../../api/profile/prompts.js';

/**
 * Answers to each profile prompt, for demo users. `{h}` is one of the user's hobbies and `{i}`
 * one of their interests, so a card's prompts agree with its tags. All well under 150 characters.
 */
export const PROMPT_ANSWERS: Readonly<Record<PromptQuestion, readonly string[]>> = {
  'A perfect Saturday is…': [
    'an early start, a long walk, then {h} until dinner.',
    'farmers market, coffee, and an afternoon of {h} with whoever is up for it.',
    'sleeping in, then {i} and a slow lunch somewhere new.',
    'a day trip out of the city and {h} on the way back.',
  ],
  'Teach me…': [
    'anything about {i}; I will trade you a lesson in {h}.',
    'your favourite card game. I learn fast and lose gracefully.',
    'how to cook one dish really well.',
    'the basics of {h}: I have the gear, not the skills.',
  ],
  "Let's go to…": [
    'that tiny place with live {i} on Thursdays.',
    'a trailhead an hour out of town, then pancakes.',
    'the next {i} night at the library.',
    'a board game café and stay until they close.',
  ],
  "I'm looking for a friend who…": [
    'is up for {h} on short notice.',
    'will text back "yes" to a last-minute {i} plan.',
    'likes long walks and longer conversations.',
    'new to town like me and wants to explore.',
  ],
  'My most controversial opinion is…': [
    'breakfast for dinner beats dinner for dinner.',
    '{i} is better live than recorded, every time.',
    'pineapple belongs on pizza, and in most salads.',
    'the sequel was better.',
  ],
  'The last thing I got really into was…': [
    '{h}. Three weekends in and I am hooked.',
    'old {i} records from a thrift store.',
    'sourdough, then bagels, then pretzels.',
    'a podcast about {i} I now quote too often.',
  ],
  'Ask me about…': [
    'the time {h} went very wrong (and then very right).',
    'my top three spots for {i} in town.',
    'the one trip that changed my plans for a whole year.',
    'why I switched from {i} to {h}.',
  ],
  'A skill I want to learn together is…': [
    '{h}: beginners welcome, that is me too.',
    'making fresh pasta without a machine.',
    'reading music well enough for {i}.',
    'rock climbing, the indoor kind to start.',
  ],
};
