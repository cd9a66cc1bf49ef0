import type { Context } from '../../context.js';
import { ApiError, UsageError } from '../../errors.js';
import type { HalDocument, Template } from '../../hal.js';
import { sendUndo } from '../undo/undo.js';
import { painter, type Paint } from '../../paint.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { sendBlock } from '../safety/block.js';
import { cardText } from '../discover/card.js';
import { nobodyHint } from '../discover/hints.js';
import { Answers } from './answers.js';
import { Deck, type Card } from './deck.js';
import { Keys, type Action } from './keys.js';
import { Screen } from './screen.js';
import { noticeSettings, startNotices } from '../inbox/notices.js';
import { frame, type Size } from './layout.js';

const KEYS = 'y or → like   n or ← pass   u undo   b block   q quit   ? keys';
// What fits 40 columns: a narrow terminal still shows every key.
const SHORT_KEYS = 'y like n pass u undo b block q quit ?';

function helpLines(paint: Paint): string[] {
  return [
    paint.bold('Keys'),
    '',
    '  y  or  →     like: if they like you too, it is a match',
    '  n  or  ←     pass: they are not shown again',
    '  u            undo: take back your last pass (for a few minutes) and see that card again',
    '  b            block: neither of you sees the other again (asks first)',
    '  q, Esc, Ctrl-C   stop swiping',
    '  ?            this help',
    '',
    paint.dim('Press any key to go back to the card.'),
  ];
}

export interface Tally {
  liked: number;
  passed: number;
  blocked: number;
  matches: string[];
}

export interface SwipeOptions {
  /** --quiet (true) or --no-quiet (false): beats FRIENDER_QUIET and the `quiet` setting. */
  quiet?: boolean;
}

/** `friender swipe`: one card at a time, answered with a single key. */
export async function swipe(ctx: Context, opts: SwipeOptions = {}): Promise<void> {
  if (!ctx.interactive || !ctx.io.isStdoutTTY) {
    throw new UsageError('`friender swipe` needs a terminal (it reads single keys).', [
      'In scripts use `friender candidates --json`, then `friender like <username>` or `friender pass <username>`.',
    ]);
  }
  if (ctx.dumb) {
    // A dumb terminal cannot redraw a card in place; the line-by-line commands do the same job.
    throw new UsageError('`friender swipe` needs a terminal that can redraw the screen (TERM=dumb cannot); use `friender candidates`, then `friender like <username>` or `friender pass <username>`.');
  }
  const paint = await painter(ctx.colorOut);
  const out = ctx.io.stdout as NodeJS.WriteStream;
  const size = (): Size => ({ columns: out.columns ?? 80, rows: out.rows ?? 24 });
  const { client, root } = await openSession(ctx);
  const first = await withProgress(ctx, 'Finding people near you…', () => client.follow(root, 'candidates'));
  // Up to three photos a card, fetched ahead; how many show, and how big, is decided for each size.
  const deck = new Deck(client, first, ctx.colorOut ? 3 : 0, (person, columns) => cardText(person, paint, ctx.colorOut, columns));
  const tally: Tally = { liked: 0, passed: 0, blocked: 0, matches: [] };
  const screen = new Screen(ctx.io.stdout);
  const keys = new Keys(ctx.io.stdin as never);
  let card: Card | undefined = await deck.next();
  if (!card) {
    deck.close();
    for (const line of nobodyHint(first)) ctx.say(line);
    return;
  }
  let status = '';
  // The last pass and the way to take it back, while the API offers one.
  let lastPass: { card: Card; undo: Template } | undefined;
  // Each draw is numbered: a slower one (photos drawn for the size before a resize) never paints over a newer one.
  let drawing = 0;
  const drawCard = async (shown: Card) => {
    const mine = ++drawing;
    const at = size();
    const face = await shown.face(at);
    if (mine !== drawing) return;
    const header = paint.dim(`Friender · swipe${status ? `   ${status}` : ''}`);
    screen.draw(frame({ header, photos: face.photos, words: face.words, keys: paint.dim(at.columns > KEYS.length ? KEYS : SHORT_KEYS) }, at));
  };
  // What is on the screen now, drawn again for the new size when the terminal is resized (SIGWINCH).
  let view: () => unknown = () => {};
  const show = (draw: () => unknown) => (view = draw)();
  const onResize = () => void view();
  out.on('resize', onResize);
  // New messages meanwhile ring the bell and show in the header; nothing at all when quiet.
  const ring = await noticeSettings(ctx, opts.quiet);
  const notices = ring.quiet
    ? undefined
    : startNotices(client, root, {
        out,
        quiet: false,
        notify: ring.notify,
        onNotice: (text) => {
          status = text;
          void view();
        },
      });
  // Likes and passes go in the background: the key paints the next card at once. A match they
  // turn up, or an error that ends swiping, interrupts the wait for a key on a card.
  const celebrations: string[] = [];
  let onCard = false;
  const interrupt = () => onCard && keys.wake();
  const answers = new Answers(client, {
    answered(answered, outcome) {
      if (outcome.answer === 'like') tally.liked += 1;
      else tally.passed += 1;
      lastPass = outcome.answer === 'pass' && outcome.undo ? { card: answered, undo: outcome.undo } : undefined;
      if (outcome.matched) {
        tally.matches.push(outcome.username);
        celebrations.push(outcome.username);
        interrupt();
      }
    },
    gone(gone) {
      // Someone who left or changed their radius since the page was loaded: not counted, keep going.
      status = `${String(gone.person.username)} is no longer available.`;
      void view();
    },
    failed: interrupt,
  });
  const celebrate = async (name: string): Promise<Action> => {
    show(() => screen.draw(celebration(paint, name)));
    const next = await keys.next();
    if (next === 'chat') {
      // The chat takes the terminal over (and its resizes); swiping picks up where it was when it closes.
      view = () => {};
      if (notices) notices.muted = true; // the chat rings for itself
      keys.stop();
      screen.leave();
      const { chat } = await import('../chat/chat.js');
      await chat(ctx, name, { quiet: opts.quiet }).catch((err: Error) => (status = err.message));
      screen.enter();
      keys.start();
      if (notices) notices.muted = false;
    }
    return next;
  };
  // A key pressed on this card; matches found meanwhile are celebrated first, and an answer that failed ends swiping.
  const cardKey = async (shown: Card): Promise<Action> => {
    for (;;) {
      if (answers.failed) throw answers.failed.err;
      const matched = celebrations.shift();
      if (matched) {
        if ((await celebrate(matched)) === 'quit') return 'quit';
        await show(() => drawCard(shown));
        continue;
      }
      onCard = true;
      const action = await keys.next();
      onCard = false;
      if (action !== 'wake') return action;
    }
  };
  let quit = false;
  screen.enter();
  keys.start();
  try {
    while (card) {
      const current: Card = card;
      const person: HalDocument = card.person;
      const name = String(person.username);
      await show(() => drawCard(current));
      // While this card is looked at, the next one is laid out for this size: its key only paints.
      deck.peek()?.face(size()).catch(() => {});
      let action: Action = await cardKey(current);
      let blocking = false;
      while (action === 'help' || action === 'other' || action === 'chat' || action === 'block') {
        if (action === 'help') {
          show(() => screen.draw(helpLines(paint)));
          await keys.next();
        }
        if (action === 'block') {
          show(() => screen.draw(blockQuestion(paint, name)));
          blocking = (await keys.next()) === 'like' && keys.last === 'y';
          if (blocking) break;
        }
        await show(() => drawCard(current));
        action = await cardKey(current);
      }
      if (action === 'quit') {
        quit = true;
        break;
      }
      if (blocking) {
        try {
          await sendBlock(client, person);
          tally.blocked += 1;
          status = `Blocked ${name}.`;
        } catch (err) {
          if (!(err instanceof ApiError) || err.problem.status !== 404) throw err;
          status = `${name} is no longer available.`;
        }
        card = await deck.next();
        continue;
      }
      if (action === 'block' || action === 'wake') continue; // for the type only: a confirmed block is handled above, a declined one waits for another key
      if (action === 'undo') {
        await answers.idle(); // the pass to take back may still be on its way
        if (!lastPass) {
          status = 'Nothing to undo: only your last pass can be taken back.';
          continue;
        }
        const { card: passed, undo } = lastPass;
        lastPass = undefined;
        try {
          const restored = await sendUndo(client, undo);
          deck.putBack(current);
          card = passed;
          tally.passed -= 1;
          status = `Took back your pass on ${restored || String(passed.person.username)}.`;
        } catch (err) {
          if (!(err instanceof ApiError) || (err.problem.status !== 409 && err.problem.status !== 404)) throw err;
          status = `Cannot undo: ${err.problem.detail ?? err.problem.title}`;
        }
        continue;
      }
      // Said at once, as the answer is sent; corrected if the person turns out to be gone.
      status = action === 'like' ? `You liked ${name}.` : `You passed on ${name}.`;
      answers.send(current, action);
      card = await deck.next();
    }
    // Nothing is fetched ahead any more; the answers given are waited for, and a match among the last is still celebrated.
    deck.close();
    await answers.idle();
    while (!quit && celebrations.length) if ((await celebrate(celebrations.shift()!)) === 'quit') break;
  } finally {
    deck.close();
    notices?.stop();
    out.off('resize', onResize);
    keys.stop();
    screen.leave();
  }
  if (!card) for (const line of nobodyHint(first)) ctx.say(line);
  const matched = tally.matches.length ? `; matched with ${tally.matches.join(', ')} (see \`friender matches\`)` : '';
  const blocked = tally.blocked ? `; blocked ${tally.blocked} (see \`friender blocks\`)` : '';
  ctx.say(`You liked ${tally.liked} and passed on ${tally.passed}${blocked}${matched}.`);
}

function blockQuestion(paint: Paint, name: string): string[] {
  return [
    '',
    `  Block ${paint.bold(name)}? y/N`,
    '',
    paint.dim('  Neither of you will see the other again. `friender unblock` lifts it.'),
  ];
}

function celebration(paint: Paint, name: string): string[] {
  return [
    '',
    paint.bold(paint.green(`  ★  It's a match!  ★`)),
    '',
    `  You and ${paint.bold(name)} like each other.`,
    '',
    `  ${paint.bold('c')} say hi now (opens the chat)   ${paint.dim('any other key keeps swiping · q stops')}`,
  ];
}
