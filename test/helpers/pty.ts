import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import xterm from '@xterm/headless';
import pty from 'node-pty';
import { ROOT } from './process.js';

const BIN = path.join(ROOT, 'dist', 'bin', 'friender.js');

/**
 * The built `friender` in a real pseudo-terminal, its output played into a headless
 * xterm, so a test reads the screen a person would see and types real keys.
 */
export class Terminal {
  private readonly term: xterm.Terminal;
  private readonly child: pty.IPty;
  readonly exited: Promise<number>;
  private output = '';
  // Called each time a piece of output has been drawn, with when it arrived.
  private readonly drawn = new Set<(arrived: number) => void>();

  constructor(args: string[], env: Record<string, string>, options: { cols?: number; rows?: number; script?: string } = {}) {
    const size = { cols: options.cols ?? 100, rows: options.rows ?? 40 };
    this.term = new xterm.Terminal({ ...size, allowProposedApi: true });
    // swipe and chat read their settings from the store: unless a test gives its own folder, each
    // terminal gets an empty one, so nothing reads (or writes) the settings of whoever runs the tests.
    const configDir = env.FRIENDER_CONFIG_DIR === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'friender-pty-config-')) : undefined;
    this.child = pty.spawn(process.execPath, [options.script ?? BIN, ...args], {
      ...size,
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color', COLORTERM: 'truecolor', ...(configDir ? { FRIENDER_CONFIG_DIR: configDir } : {}), ...env },
    });
    this.child.onData((data) => {
      this.output += data;
      const arrived = performance.now();
      this.term.write(data, () => this.drawn.forEach((listener) => listener(arrived)));
    });
    this.exited = new Promise((resolve) =>
      this.child.onExit(({ exitCode }) => {
        if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
        resolve(exitCode);
      }),
    );
  }

  /** The screen as text, one string per row, trailing blanks trimmed (cells left beyond a narrowed width are not on it; cells cleared after a resize may read as spaces). */
  screen(): string[] {
    const buffer = this.term.buffer.active;
    return Array.from({ length: this.term.rows }, (_, y) => buffer.getLine(buffer.viewportY + y)?.translateToString(true, 0, this.term.cols) ?? '');
  }

  /** Rows whose cells are drawn with a background colour: a photo in half blocks. */
  paintedRows(): number {
    const buffer = this.term.buffer.active;
    let rows = 0;
    for (let y = 0; y < this.term.rows; y += 1) {
      const line = buffer.getLine(buffer.viewportY + y);
      if (!line) continue;
      let painted = 0;
      for (let x = 0; x < this.term.cols; x += 1) {
        const cell = line.getCell(x);
        if (cell?.getChars() === '▄' && !cell.isBgDefault()) painted += 1;
      }
      if (painted >= 10) rows += 1;
    }
    return rows;
  }

  /** The right-most column (0-based) a photo's half block is painted in, or -1 when none is. */
  paintedRight(): number {
    const buffer = this.term.buffer.active;
    let right = -1;
    for (let y = 0; y < this.term.rows; y += 1) {
      const line = buffer.getLine(buffer.viewportY + y);
      for (let x = 0; line && x < this.term.cols; x += 1) {
        const cell = line.getCell(x);
        if (cell?.getChars() === '▄' && !cell.isBgDefault()) right = Math.max(right, x);
      }
    }
    return right;
  }

  /** Resizes the terminal, as a person dragging the window does: the program gets SIGWINCH. */
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.child.resize(cols, rows);
  }

  /** Where the cursor is on the screen (0-based), once the output so far is drawn. */
  async cursor(): Promise<{ row: number; col: number }> {
    await new Promise<void>((resolve) => this.term.write('', resolve));
    const buffer = this.term.buffer.active;
    return { row: buffer.cursorY, col: buffer.cursorX };
  }

  /** Waits until the cursor is at `col` on `row` (keys are read and drawn a moment after they are sent). */
  async waitForCursor(row: number, col: number, timeoutMs = 5000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const at = await this.cursor();
      if (at.row === row && at.col === col) return;
      if (Date.now() - started > timeoutMs) throw new Error(`the cursor stayed at row ${at.row}, column ${at.col}, not ${row}, ${col}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Everything written so far, escape codes included. */
  get raw(): string {
    return this.output;
  }

  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      // xterm parses asynchronously: let it catch up before reading the screen.
      await new Promise<void>((resolve) => this.term.write('', resolve));
      const text = this.screen().join('\n');
      if (pattern.test(text)) return text;
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; the screen shows:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Resolves as soon as the screen matches — checked each time a piece of output is drawn, not
   * every 50 ms as waitFor does — with the text and when the output that made it match arrived
   * (performance.now()): what a benchmark timing a redraw needs.
   */
  shown(pattern: RegExp, timeoutMs = 15_000): Promise<{ text: string; at: number }> {
    return new Promise((resolve, reject) => {
      const check = (arrived: number) => {
        const text = this.screen().join('\n');
        if (!pattern.test(text)) return;
        done();
        resolve({ text, at: arrived });
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${pattern}; the screen shows:\n${this.screen().join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.drawn.delete(check);
      };
      this.drawn.add(check);
      // What is already on the screen counts too (once the output so far is drawn).
      this.term.write('', () => check(performance.now()));
    });
  }

  press(keys: string): void {
    this.child.write(keys);
  }

  kill(): void {
    try {
      this.child.kill();
    } catch {
      // already gone
    }
  }
}

export const KEY = { right: '\u001b[C', left: '\u001b[D', up: '\u001b[A', down: '\u001b[B', pageUp: '\u001b[5~', pageDown: '\u001b[6~', ctrlA: '\u0001', ctrlE: '\u0005', ctrlK: '\u000b', ctrlC: '\u0003', ctrlW: '\u0017' };
