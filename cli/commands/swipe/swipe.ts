import type { Context } from '../../context.js';
import { ApiError, UsageError } from '../../errors.js';
import type { HalDocument } from '../../hal.js';
import { painter, type Paint } from '../../paint.js';
import { withProgress } from '../../progress.js';
import { openSession } from '../../session.js';
import { sendAnswer } from '../discover/answer.js';
import { cardText } from '../discover/card.js';
import { nobodyHint } from '../discover/hints.js';
import { Deck, type Card } from './deck.js';
import { Keys, type Action } from './keys.js';
import { Screen } from './screen.js';

const TILE = 28;
const GAP = '  ';
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const pad = (line: string, width: number) => line + ' '.repeat(Math.max(0, width - line.replace(ANSI, '').length));

function photoRows(art: string[][]): string[] {
  const drawn = art.filter((lines) => lines.length > 0);
  if (drawn.length === 0) return [];
  const height = Math.max(...drawn.map((lines) => lines.length));
  return Array.from({ length: height }, (_, y) => drawn.map((lines) => pad(lines[y] ?? '', TILE)).join(GAP).trimEnd());
}

const KEYS = 'y or → like   n or ← pass   q quit   ? keys';

function helpLines(paint: Paint): string[] {
  return [
    paint.bold('Keys'),
    '',
    '  y  or  →     like: if they like you too, it is a match',
    '  n  or  ←     pass: they are not shown again',
    '  q, Esc, Ctrl-C   stop swiping',
    '  ?            this help',
    '',
    paint.dim('Press any key to go back to the card.'),
  ];
}

export interface Tally {
  liked: number;
  passed: number;
  matches: string[];
}

/** `friender swipe`: one card at a time, answered with a single key. */
export async function swipe(ctx: Context): Promise<void> {
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
  const columns = (ctx.io.stdout as { columns?: number }).columns ?? 80;
  const perCard = Math.max(1, Math.min(3, Math.floor((columns + GAP.length) / (TILE + GAP.length))));
  const { client, root } = await openSession(ctx);
  const first = await withProgress(ctx, 'Finding people near you…', () => client.follow(root, 'candidates'));
  const deck = new Deck(client, first, ctx.colorOut ? perCard : 0);
  const tally: Tally = { liked: 0, passed: 0, matches: [] };
  const screen = new Screen(ctx.io.stdout);
  const keys = new Keys(ctx.io.stdin as never);
  let card: Card | undefined = await deck.next();
  if (!card) {
    for (const line of nobodyHint(first)) ctx.say(line);
    return;
  }
  screen.enter();
  keys.start();
  let status = '';
  try {
    while (card) {
      const art = await card.art.catch(() => []);
      const draw = () => screen.draw([paint.dim(`Friender · swipe${status ? `   ${status}` : ''}`), '', ...photoRows(art), '', ...cardText(card!.person, paint, ctx.colorOut, ((ctx.io.stdout as NodeJS.WriteStream).columns ?? 80) - 1), '', paint.dim(KEYS)]);
      draw();
      let action: Action = await keys.next();
      while (action === 'help' || action === 'other' || action === 'chat') {
        if (action === 'help') {
          screen.draw(helpLines(paint));
          await keys.next();
        }
        draw();
        action = await keys.next();
      }
      if (action === 'quit') break;
      const person: HalDocument = card.person;
      const name = String(person.username);
      try {
        const outcome = await sendAnswer(client, person, action);
        if (action === 'like') tally.liked += 1;
        else tally.passed += 1;
        status = action === 'like' ? `You liked ${name}.` : `You passed on ${name}.`;
        if (outcome.matched) {
          tally.matches.push(name);
          screen.draw(celebration(paint, name));
          const next = await keys.next();
          if (next === 'quit') break;
          if (next === 'chat') {
            // The chat takes the terminal over; swiping picks up where it was when it closes.
            keys.stop();
            screen.leave();
            const { chat } = await import('../chat/chat.js');
            await chat(ctx, name).catch((err: Error) => (status = err.message));
            screen.enter();
            keys.start();
          }
          status = status || '';
        }
      } catch (err) {
        // Someone who left or changed their radius since the page was loaded: skip them, keep going.
        if (!(err instanceof ApiError) || err.problem.status !== 404) throw err;
        status = `${name} is no longer available.`;
      }
      card = await deck.next();
    }
  } finally {
    keys.stop();
    screen.leave();
  }
  if (!card) for (const line of nobodyHint(first)) ctx.say(line);
  const matched = tally.matches.length ? `; matched with ${tally.matches.join(', ')} (see \`friender matches\`)` : '';
  ctx.say(`You liked ${tally.liked} and passed on ${tally.passed}${matched}.`);
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
