import stringWidth from 'string-width';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Columns a text takes on a terminal: an emoji or a CJK character takes two, colour codes none. */
export const columns = (text: string): number => stringWidth(text);

export const stripColour = (text: string): string => text.replace(ANSI, '');

/** The characters a person sees (an emoji with its modifiers is one), never half a surrogate pair. */
export const characters = (text: string): string[] => Array.from(graphemes.segment(text), (s) => s.segment);

/** Cuts a text into pieces of at most `width` columns. */
export function cut(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const c of characters(text)) {
    if (line && columns(line + c) > width) {
      out.push(line);
      line = '';
    }
    line += c;
  }
  out.push(line);
  return out;
}

/** Breaks text into lines of at most `width` columns at spaces (a longer word is cut), keeping its own line breaks. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const next = line ? `${line} ${word}` : word;
      if (columns(next) <= width) {
        line = next;
        continue;
      }
      if (line) out.push(line);
      const pieces = cut(word, width);
      line = pieces.pop()!;
      out.push(...pieces);
    }
    out.push(line);
  }
  return out;
}
