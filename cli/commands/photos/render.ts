import type { Context } from '../../context.js';
import type { HalClient } from '../../hal-client.js';
import { linkOf, type HalDocument } from '../../hal.js';
import { painter } from '../../paint.js';
import { collectionJson, photoLine, photosOf } from './collection.js';

// A 320 px thumbnail in half-block cells: 28 columns × 14 rows keeps three side by side in 100 columns.
const TILE_COLUMNS = 28;
const TILE_ROWS = 14;
const GAP = '  ';
const BETWEEN_CELLS = new RegExp(`${String.fromCharCode(27)}\\[39m${String.fromCharCode(27)}\\[49m(?=${String.fromCharCode(27)}\\[)`, 'g');
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Whether photos are drawn: stdout is a terminal that may show colour (a picture is colour). */
export function canDraw(ctx: Context): boolean {
  return ctx.io.isStdoutTTY && ctx.colorOut && !ctx.json;
}

/** One thumbnail as lines of coloured half blocks, or undefined when it cannot be fetched or read. */
export async function drawThumbnail(client: HalClient, photo: HalDocument, columns = TILE_COLUMNS, rows = TILE_ROWS): Promise<string[] | undefined> {
  const bytes = await thumbnailBytes(client, photo);
  return bytes && drawImage(bytes, columns, rows);
}

/** A photo's thumbnail, fetched once so it can be drawn again at another size; undefined when it cannot be fetched. */
export async function thumbnailBytes(client: HalClient, photo: HalDocument, signal?: AbortSignal): Promise<Buffer | undefined> {
  const href = linkOf(photo, 'thumbnail')?.href;
  if (!href) return undefined;
  return client.fetchBytes(href, signal).catch(() => undefined);
}

/** The pixels terminal-image scales an image to within columns × rows cells (a cell is two pixels high), its shape kept: its own sums. */
function fitted(width: number, height: number, columns: number, rows: number): { width: number; height: number } {
  const factor = columns / (rows * 2) > width / height ? (rows * 2) / height : columns / width;
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/** An image as lines of half blocks within columns × rows (its shape kept), or undefined when it cannot be read. */
export async function drawImage(bytes: Buffer, columns: number, rows: number): Promise<string[] | undefined> {
  try {
    const { default: terminalImage } = await import('terminal-image');
    // A photo libvips cannot take (or no libvips for this platform) is left to terminal-image whole.
    const small = await shrink(bytes, columns, rows).catch(() => bytes);
    // Native protocols (iTerm, kitty) write around our streams and cannot sit in a grid.
    const art = await terminalImage.buffer(small, { width: columns, height: rows, preferNativeRender: false });
    // Each cell sets both its colours, so the resets between cells are bytes for nothing: a fifth of a
    // photo's, which every redraw sends through the terminal (and over SSH).
    return art.replace(BETWEEN_CELLS, '').split('\n');
  } catch {
    return undefined;
  }
}

/**
 * terminal-image decodes and scales in JavaScript, holding the event loop (and the keys) for tens of
 * milliseconds a photo; libvips does it on its own threads. Scaled here into the same box, the photo
 * reaches terminal-image at the size it would make anyway: it only turns pixels into cells.
 */
async function shrink(bytes: Buffer, columns: number, rows: number): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const image = sharp(bytes);
  const { width, height } = await image.metadata();
  const size = width && height ? fitted(width, height, columns, rows) : { width: columns, height: rows * 2 };
  return image.resize({ ...size, fit: 'fill' }).png({ compressionLevel: 0 }).toBuffer();
}

// A photo's line is half blocks and spaces between colour codes: one column a character once the
// codes are gone. Measured so, not by string-width, which takes milliseconds over a photo's codes.
/** How many columns a drawn line takes. */
export const artColumns = (line: string) => line.replace(ANSI, '').length;
/** A drawn line padded with spaces to `width` columns. */
export const padArt = (line: string, width: number) => line + ' '.repeat(Math.max(0, width - artColumns(line)));

/** Tiles side by side, each under its caption, as many per row as the terminal is wide. */
function grid(tiles: Array<{ caption: string; art: string[] }>, terminalColumns: number): string[] {
  const perRow = Math.max(1, Math.floor((terminalColumns + GAP.length) / (TILE_COLUMNS + GAP.length)));
  const lines: string[] = [];
  for (let i = 0; i < tiles.length; i += perRow) {
    const row = tiles.slice(i, i + perRow);
    const height = Math.max(...row.map((t) => t.art.length));
    lines.push(row.map((t) => padArt(t.caption.slice(0, TILE_COLUMNS), TILE_COLUMNS)).join(GAP).trimEnd());
    for (let y = 0; y < height; y += 1) lines.push(row.map((t) => padArt(t.art[y] ?? '', TILE_COLUMNS)).join(GAP).trimEnd());
    lines.push('');
  }
  return lines;
}

/** The photos: JSON for --json, drawn in a grid on a colour terminal, else one line each. */
export async function printPhotos(ctx: Context, client: HalClient, collection: HalDocument): Promise<void> {
  if (ctx.json) return ctx.printJson(collectionJson(collection));
  const photos = photosOf(collection);
  if (photos.length === 0) {
    ctx.say('No photos yet. Add some with `friender photos add <files...>`.');
    return;
  }
  const paint = await painter(ctx.colorErr);
  ctx.say(paint.dim(`${photos.length} of ${String(collection.max)} photos; the first is shown on your card.`));
  if (!canDraw(ctx)) {
    for (const photo of photos) ctx.out(photoLine(photo));
    return;
  }
  const arts = await Promise.all(photos.map((photo) => drawThumbnail(client, photo)));
  const missing = paint.dim('(could not be drawn)');
  const tiles = photos.map((photo, i) => ({ caption: photoLine(photo).replace(' (shown first)', ' ★'), art: arts[i] ?? [missing] }));
  const columns = (ctx.io.stdout as { columns?: number }).columns ?? 80;
  for (const line of grid(tiles, columns)) ctx.out(line);
}
