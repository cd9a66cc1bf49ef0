// What may be in a text a user writes. Control characters (other than newline and tab) would let
// one user rewrite another's terminal; a lone surrogate is not text at all, and PostgreSQL would
// store something other than what was sent.
export const hasControl = (s: string): boolean => /\p{Cc}/u.test(s.replace(/[\n\t]/g, ''));
export const hasLoneSurrogate = (s: string): boolean => /\p{Cs}/u.test(s);

export const CONTROL_MESSAGE = 'may not contain control characters other than newline and tab';
export const SURROGATE_MESSAGE = 'must be valid Unicode text (it has half of a character pair)';
