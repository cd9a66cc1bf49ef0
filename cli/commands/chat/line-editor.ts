import { characters } from '../../text.js';

/** A keypress as node:readline reports it. */
export interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

/**
 * The line being typed at the bottom of `friender chat`: the editing keys a shell user reaches
 * for (arrows, Home/End, Ctrl-A/E/U/K/W, Delete) and ↑/↓ through the lines already sent.
 * Kept apart from the screen so every key can be tested without a terminal.
 */
export class LineEditor {
  private chars: string[] = [];
  private at = 0;
  private readonly sent: string[] = [];
  private recalled = -1;

  get text(): string {
    return this.chars.join('');
  }

  /** Where the cursor is, in characters from the start of the line. */
  get cursor(): number {
    return this.at;
  }

  set(text: string): void {
    this.chars = characters(text);
    this.at = this.chars.length;
  }

  /** Takes the line for sending: the editor is empty afterwards and ↑ brings the line back. */
  take(): string {
    const text = this.text;
    if (text.trim() !== '') this.sent.push(text);
    this.recalled = -1;
    this.set('');
    return text;
  }

  /** A line break inside the message, as a pasted text brings (shown as ↵, sent as a newline). */
  newline(): void {
    this.chars.splice(this.at, 0, '\n');
    this.at += 1;
  }

  /** Applies one key; answers whether it was an editing key (and the line should be redrawn). */
  key(str: string | undefined, key: Key = {}): boolean {
    const name = key.ctrl ? `C-${key.name}` : key.meta ? `M-${key.name}` : key.name;
    switch (name) {
      case 'left':
      case 'C-b':
        this.at = Math.max(0, this.at - 1);
        return true;
      case 'right':
      case 'C-f':
        this.at = Math.min(this.chars.length, this.at + 1);
        return true;
      case 'home':
      case 'C-a':
        this.at = 0;
        return true;
      case 'end':
      case 'C-e':
        this.at = this.chars.length;
        return true;
      case 'backspace':
      case 'C-h':
        if (this.at > 0) this.chars.splice(--this.at, 1);
        return true;
      case 'delete':
        this.chars.splice(this.at, 1);
        return true;
      case 'C-u':
        this.chars.splice(0, this.at);
        this.at = 0;
        return true;
      case 'C-k':
        this.chars.splice(this.at);
        return true;
      case 'C-w':
      case 'M-backspace': {
        let from = this.at;
        while (from > 0 && this.chars[from - 1] === ' ') from -= 1;
        while (from > 0 && this.chars[from - 1] !== ' ') from -= 1;
        this.chars.splice(from, this.at - from);
        this.at = from;
        return true;
      }
      case 'up':
      case 'down':
        return this.recall(name === 'up' ? 1 : -1);
    }
    if (str && !key.ctrl && !key.meta && [...str].every((c) => c >= ' ' && c !== '\u007f')) {
      const typed = characters(str);
      this.chars.splice(this.at, 0, ...typed);
      this.at += typed.length;
      return true;
    }
    return false;
  }

  private recall(step: 1 | -1): boolean {
    const next = this.recalled + step;
    if (next < -1 || next >= this.sent.length) return true;
    this.recalled = next;
    this.set(next === -1 ? '' : this.sent[this.sent.length - 1 - next]!);
    return true;
  }
}
