import { fit } from '../chat/history.js';
import { artColumns, padArt } from '../photos/render.js';

/** The terminal's size in character cells. */
export interface Size {
  columns: number;
  rows: number;
}

export const GAP = '  ';
// A tile narrower than this shows little but noise; wider than this only pushes the words off screen.
const MIN_TILE = 16;
const MAX_TILE = 40;
const MAX_TILE_ROWS = 20;
const MIN_TILE_ROWS = 4;

/** The box each photo is drawn in, and how many fit side by side; undefined when there is no room for any. */
export function photoBox(count: number, size: Size, wordRows: number): { count: number; columns: number; rows: number } | undefined {
  // header, blank, [photos, blank], the words, blank, keys
  const room = size.rows - wordRows - 5;
  if (count === 0 || room < MIN_TILE_ROWS) return undefined;
  const shown = Math.max(1, Math.min(count, 3, Math.floor((size.columns - 1 + GAP.length) / (MIN_TILE + GAP.length))));
  const columns = Math.min(MAX_TILE, Math.floor((size.columns - 1 - GAP.length * (shown - 1)) / shown));
  if (columns < 4) return undefined;
  return { count: shown, columns, rows: Math.min(MAX_TILE_ROWS, room) };
}

/** Photos side by side, row by row; each as wide as it was drawn (a tall photo is narrower than its box), so the gaps stay even. */
export function photoRows(art: string[][]): string[] {
  const drawn = art.filter((lines) => lines.length > 0);
  if (drawn.length === 0) return [];
  const height = Math.max(...drawn.map((lines) => lines.length));
  const widths = drawn.map((lines) => Math.max(...lines.map(artColumns)));
  return Array.from({ length: height }, (_, y) => drawn.map((lines, i) => padArt(lines[y] ?? '', widths[i]!)).join(GAP).trimEnd());
}

/**
 * One screen: the header at the top and the keys at the bottom whatever the size — every line
 * fitted to the width (wrapped at spaces, never by the terminal) and the whole to the height.
 */
export function frame(parts: { header: string; photos: string[]; words: string[]; keys: string }, size: Size): string[] {
  const width = Math.max(1, size.columns - 1);
  const words = parts.words.flatMap((line) => fit(line, width));
  const body = [...(parts.photos.length ? [...parts.photos, ''] : []), ...words];
  const header = fit(parts.header, width)[0]!;
  const keys = fit(parts.keys, width)[0]!;
  const room = Math.max(0, size.rows - 4);
  return [header, '', ...body.slice(0, room), '', keys];
}

/** The words of a card as they will be shown at this size, to measure what room is left for photos. */
export function wordRows(words: string[], size: Size): number {
  return words.flatMap((line) => fit(line, Math.max(1, size.columns - 1))).length;
}
