import type { HalDocument } from '../../hal.js';
import { columns, stripColour, wrap } from '../../text.js';

/** Wraps a painted line to the terminal width, so a long message wraps on our terms, not the terminal's. */
export function fit(line: string, width: number): string[] {
  return columns(line) <= width ? [line] : wrap(stripColour(line), width);
}

/**
 * The messages on the chat screen, in id order whichever way they arrive (a poll, the answer
 * to a send, an earlier page), each once, and how far the view is scrolled back.
 */
export class History {
  private readonly messages: HalDocument[] = [];
  private readonly seen = new Set<unknown>();
  /** How many lines the view is scrolled back from the newest. */
  private scroll = 0;
  private width = 80;
  /** Lines under the newest message (chat's `seen`). */
  footer: string[] = [];

  constructor(private readonly format: (m: HalDocument) => string[]) {}

  get size(): number {
    return this.messages.length;
  }

  get scrolledBack(): boolean {
    return this.scroll > 0;
  }

  add(list: HalDocument[]): void {
    const before = this.scroll > 0 ? this.lines(this.width).length : 0;
    let newest = false;
    for (const m of list) {
      if (this.seen.has(m.id)) continue; // a retried poll never shows a message twice
      this.seen.add(m.id);
      let i = this.messages.length;
      while (i > 0 && Number(this.messages[i - 1]!.id) > Number(m.id)) i -= 1;
      this.messages.splice(i, 0, m);
      newest ||= i === this.messages.length - 1;
    }
    // Someone reading back keeps their place while new lines arrive below.
    if (this.scroll > 0 && newest) this.scroll += this.lines(this.width).length - before;
  }

  lines(width: number): string[] {
    return [...this.messages.flatMap((m) => this.format(m)), ...(this.messages.length ? this.footer : [])].flatMap((l) => fit(l, width));
  }

  /** The lines that fit in `room` rows at the current scroll, and whether the oldest loaded line is among them. */
  view(width: number, room: number): { shown: string[]; top: boolean } {
    this.width = width;
    const lines = this.lines(width);
    this.scroll = Math.max(0, Math.min(this.scroll, lines.length - room));
    const end = lines.length - this.scroll;
    const start = Math.max(0, end - room);
    return { shown: lines.slice(start, end), top: start === 0 };
  }

  pageUp(room: number): void {
    this.scroll += Math.max(1, room - 1);
  }

  pageDown(room: number): void {
    this.scroll = Math.max(0, this.scroll - Math.max(1, room - 1));
  }

  /** The newest message, if any. */
  get newest(): HalDocument | undefined {
    return this.messages.at(-1);
  }

  toNewest(): void {
    this.scroll = 0;
  }
}
