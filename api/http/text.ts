// What may be in a text a user writes. Control characters (other than newline and tab) would let
// one user rewrite another's terminal; a lone surrogate is not text at all, and PostgreSQL would
// store something other than what was sent.
export const hasControl = (s: string): boolean => /\p{Cc}/u.test(s.replace(/[\n\t]/g, ''));
export const hasLoneSurrogate = (s: string): boolean => /\p{Cs}/u.test(s);

// Characters that draw nothing but change what a terminal shows: zero-width ones hide a word
// inside another ("che\u200bss" is not "chess"), and bidi controls reorder what follows, so a
// message can read differently from what it says. U+200B–U+200F, U+202A–U+202E, U+2060,
// U+2066–U+2069, U+FEFF and U+061C.
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/u;
// The one exception: a zero-width joiner between two emoji makes one emoji of them (👨‍👩‍👧, 🏳️‍🌈),
// after an emoji presentation selector or a skin tone (👩🏽‍💻) too. It hides nothing there.
const EMOJI_JOINER = /(?<=\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)\u200D(?=\p{Extended_Pictographic})/gu;
export const hasInvisible = (s: string): boolean => INVISIBLE.test(s.replace(EMOJI_JOINER, ''));

export const CONTROL_MESSAGE = 'may not contain control characters other than newline and tab';
export const SURROGATE_MESSAGE = 'must be valid Unicode text (it has half of a character pair)';
export const INVISIBLE_MESSAGE = 'may not contain invisible or text-direction characters (a zero-width joiner only between emoji)';
