/** Characters that draw nothing but change what a terminal shows, each with a name for test titles. */
export const INVISIBLE: Array<[string, string]> = [
  ['U+200B zero-width space', '\u200b'],
  ['U+200C zero-width non-joiner', '\u200c'],
  ['U+200D zero-width joiner between letters', '\u200d'],
  ['U+200E left-to-right mark', '\u200e'],
  ['U+200F right-to-left mark', '\u200f'],
  ['U+202A left-to-right embedding', '\u202a'],
  ['U+202B right-to-left embedding', '\u202b'],
  ['U+202C pop directional formatting', '\u202c'],
  ['U+202D left-to-right override', '\u202d'],
  ['U+202E right-to-left override', '\u202e'],
  ['U+2060 word joiner', '\u2060'],
  ['U+2066 left-to-right isolate', '\u2066'],
  ['U+2067 right-to-left isolate', '\u2067'],
  ['U+2068 first strong isolate', '\u2068'],
  ['U+2069 pop directional isolate', '\u2069'],
  ['U+FEFF zero-width no-break space', '\ufeff'],
  ['U+061C Arabic letter mark', '\u061c'],
];

/** Where a zero-width joiner hides nothing: inside an emoji ZWJ sequence. */
export const EMOJI_SEQUENCES = ['👨‍👩‍👧', '🏳️‍🌈', '👩🏽‍💻', '🏴‍☠️'];

/** A zero-width joiner anywhere else: after or before a letter, alone at an end. */
export const STRAY_JOINERS = ['a\u200db', '👨\u200db', 'a\u200d👨', '👨\u200d', '\u200d👨'];

export const INVISIBLE_MESSAGE = /^may not contain invisible or text-direction characters/;
