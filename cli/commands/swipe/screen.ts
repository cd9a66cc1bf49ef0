import type { Writable } from 'node:stream';

const ESC = '\u001b[';

/** The whole terminal for one program: the alternate screen, redrawn whole for each card. */
export class Screen {
  private active = false;
  constructor(private readonly out: Writable) {}

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.out.write(`${ESC}?1049h${ESC}?25l`); // alternate screen, hide the cursor
  }

  /**
   * Redraws in one write, line over line (each cleared to its end, then everything below), rather
   * than clearing the screen first — so nothing flickers. With `cursor` (0-based row and column)
   * the cursor is shown there, as a line editor needs; otherwise it stays hidden.
   */
  draw(lines: string[], cursor?: { row: number; col: number }): void {
    const body = lines.map((line) => `${line}${ESC}0m${ESC}K`).join('\r\n');
    const place = cursor ? `${ESC}${cursor.row + 1};${cursor.col + 1}H${ESC}?25h` : `${ESC}?25l`;
    this.out.write(`${ESC}H${body}${ESC}0m${ESC}J${place}`);
  }

  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.out.write(`${ESC}?25h${ESC}?1049l`);
  }
}
