/**
 * Held polls per user in this process — a conversation's messages poll and the inbox's events
 * poll alike count one each against settings.maxPollsPerUser.
 */
export function createPollCounter() {
  const held = new Map<string, number>();
  return {
    held: (userId: string) => held.get(userId) ?? 0,
    take(userId: string) {
      held.set(userId, (held.get(userId) ?? 0) + 1);
    },
    release(userId: string) {
      const now = (held.get(userId) ?? 1) - 1;
      if (now === 0) held.delete(userId);
      else held.set(userId, now);
    },
  };
}

export type PollCounter = ReturnType<typeof createPollCounter>;
