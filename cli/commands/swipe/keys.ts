import readline from 'node:readline';
import type { Readable } from 'node:stream';

// 'wake' is no key: wake() ends a wait because something else needs the screen.
export type Action = 'like' | 'pass' | 'undo' | 'block' | 'quit' | 'help' | 'chat' | 'other' | 'wake';

const ACTIONS: Record<string, Action> = { y: 'like', right: 'like', n: 'pass', left: 'pass', u: 'undo', q: 'quit', escape: 'quit', '?': 'help', h: 'help', c: 'chat', b: 'block' };

/** Single keypresses from a terminal in raw mode; Ctrl-C quits like q. */
export class Keys {
  private waiting?: (action: Action) => void;
  /** The name of the last key read: a question answered "y" is not answered by →, though both like. */
  last?: string;
  private readonly onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean } = {}) => {
    if (this.waiting) this.last = key.name ?? str;
    const action: Action = key.ctrl && key.name === 'c' ? 'quit' : (ACTIONS[key.name ?? ''] ?? ACTIONS[str ?? ''] ?? 'other');
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(action);
  };

  constructor(private readonly input: Readable & { setRawMode?: (on: boolean) => void; isTTY?: boolean }) {}

  start(): void {
    readline.emitKeypressEvents(this.input);
    this.input.setRawMode?.(true);
    this.input.on('keypress', this.onKey);
    this.input.resume();
  }

  /** The next key; keys pressed while nothing waits are dropped, so a held key cannot answer ahead. */
  next(): Promise<Action> {
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Ends the wait of next() with 'wake', when something else needs the screen (a match found in the background). */
  wake(): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.('wake');
  }

  stop(): void {
    this.input.off('keypress', this.onKey);
    this.input.setRawMode?.(false);
    this.input.pause();
  }
}
