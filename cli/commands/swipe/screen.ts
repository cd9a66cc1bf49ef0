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

  draw(lines: string[]): void {
    this.out.write(`${ESC}H${ESC}2J${lines.join('\r\n')}`);
  }

  leave(): void {
    if (!this.active) return;
    this.active = false;
    this.out.write(`${ESC}?25h${ESC}?1049l`);
  }
}
