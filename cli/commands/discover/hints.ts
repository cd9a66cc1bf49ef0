import type { HalDocument } from '../../hal.js';

/** Why nobody is shown, and what would change it. */
export function nobodyHint(page: HalDocument): string[] {
  const radius = typeof page.radius === 'number' ? page.radius : undefined;
  return [
    `No one new${radius ? ` within ${radius} miles` : ''} right now: you have answered everyone in reach, or no one nearby has a complete profile yet.`,
    `Widen your radius with \`friender profile edit --radius ${radius ? Math.min(500, radius * 2) : 50}\`, add hobbies and interests, or look again later.`,
  ];
}
