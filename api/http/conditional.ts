import { problems, type Links } from './problems.js';

/** A parsed If-Match: any current representation ('*'), or the entity tags given. */
export type IfMatch = '*' | string[];

/** undefined when the header is absent: the request is unconditional. */
export function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  return header.match(/(?:W\/)?"[^"]*"/g) ?? [];
}

/**
 * RFC 9110 §13.1.1: true when there is no condition, for '*', or when one tag is the current one
 * by strong comparison (a weak tag never matches). A header with no readable tag matches nothing.
 */
export function ifMatchAllows(condition: IfMatch | undefined, current: string): boolean {
  if (condition === undefined || condition === '*') return true;
  return condition.some((tag) => !tag.startsWith('W/') && tag === current);
}

export function requireMatch(condition: IfMatch | undefined, current: string, what: string, links?: Links): void {
  if (!ifMatchAllows(condition, current)) {
    throw problems.preconditionFailed(`${what} changed since you read it (If-Match names a version that is not the current one); nothing was changed. Read it again and make your change to what is there now.`, links);
  }
}
