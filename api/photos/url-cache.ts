import type { Clock } from '../clock.js';

/** S3 refuses a presigned URL that claims to be valid for longer than 7 days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** About 1 KB a URL: 20,000 are the photos of some 4,000 cards, ~20 MB at most. */
export const DEFAULT_URL_CACHE_ENTRIES = 20_000;

export type Sign = (key: string, expiresInSeconds: number, signingDate: Date) => Promise<string>;

/**
 * Presigned URLs, reused: signing one is ~60 µs of CPU and a page of 10 cards signs ~50 (the
 * bench:swipe profile). Time is cut into windows of half the TTL, aligned to the epoch; every URL
 * handed out within a window is signed as of the window's start and valid for TTL + window. So
 * whenever one is served it still has at least the TTL to run — as long as a URL signed on the
 * spot had — and at most 1.5 × TTL, and it is never served past a third of its validity. The same
 * key within one window is the same URL on every instance (no instance state in the answer).
 *
 * Bounded: the newest window's URL per key, at most `maxEntries` keys (the oldest go first). A
 * TTL too short (under 2 s) or too long (past 7 days with the window added) is signed every time.
 */
export function createUrlCache(deps: { sign: Sign; clock: Clock; ttlSeconds: number; maxEntries?: number }) {
  const { sign, clock, ttlSeconds } = deps;
  const maxEntries = deps.maxEntries ?? DEFAULT_URL_CACHE_ENTRIES;
  const window = Math.min(Math.floor(ttlSeconds / 2), MAX_PRESIGN_SECONDS - ttlSeconds);
  const entries = new Map<string, { start: number; url: string }>();

  return {
    /** Seconds a window lasts (0: nothing is cached). */
    window,

    async url(key: string): Promise<string> {
      const now = clock.now();
      if (window < 1) return sign(key, ttlSeconds, now);
      const seconds = Math.floor(now.getTime() / 1000);
      const start = seconds - (seconds % window);
      const hit = entries.get(key);
      if (hit?.start === start) return hit.url;
      const url = await sign(key, ttlSeconds + window, new Date(start * 1000));
      entries.delete(key); // re-inserted last: the oldest keys go first
      entries.set(key, { start, url });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return url;
    },

    /** A photo deleted: its URLs are not kept (nor would they be served: no row, no link). */
    forget(keys: string[]): void {
      for (const key of keys) entries.delete(key);
    },

    has: (key: string) => entries.has(key),
    get size() {
      return entries.size;
    },
  };
}

export type UrlCache = ReturnType<typeof createUrlCache>;
