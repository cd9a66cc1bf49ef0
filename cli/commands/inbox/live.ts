import readline from 'node:readline';
import type { Context } from '../../context.js';
import type { HalClient } from '../../hal-client.js';
import { linkOf, type HalDocument } from '../../hal.js';
import { painter, type Paint } from '../../paint.js';
import { fit } from '../chat/history.js';
import { Screen } from '../swipe/screen.js';
import { followEvents, inboxOf } from './events.js';
import { collect, conversationLine } from './list.js';

type Key = { name?: string; ctrl?: boolean };

/** The inbox screen: a header, one line per conversation with the selected one marked, and the keys. */
export function inboxFrame(list: HalDocument[], selected: number, status: string, paint: Paint, size: { columns: number; rows: number }, now: number): string[] {
  const width = Math.max(1, size.columns - 1);
  const header = fit(paint.dim(`Friender · inbox${status ? ` · ${status}` : ''}`), width)[0]!;
  const keys = fit(paint.dim('↑/↓ select   Enter chat   q quit'), width)[0]!;
  const room = Math.max(1, size.rows - 4);
  // The selection stays on screen: the window scrolls with it.
  const top = Math.max(0, Math.min(selected - room + 1, list.length - room));
  const lines = list.length
    ? list.slice(top, top + room).map((c, i) => {
        const line = `${top + i === selected ? '› ' : '  '}${conversationLine(c, paint, now)}`;
        return fit(line, width)[0]!;
      })
    : [paint.dim('No conversations yet: they start with a match (`friender swipe`).')];
  return [header, '', ...lines, ...Array.from({ length: room - lines.length }, () => ''), '', keys].slice(0, Math.max(size.rows, 4));
}

/**
 * The live inbox on a terminal: redrawn whenever the events stream says something happened,
 * ↑/↓ choose, Enter opens `friender chat` with that person and comes back here after.
 */
export async function liveInbox(ctx: Context, client: HalClient, root: HalDocument, first: HalDocument, limit: number): Promise<void> {
  const paint = await painter(ctx.colorOut);
  const out = ctx.io.stdout as NodeJS.WriteStream;
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  const screen = new Screen(out);
  const stop = new AbortController();
  let list = await collect(client, first, limit);
  let selected = 0;
  let status = '';
  let chatting = false;

  const draw = () => {
    if (chatting) return; // the chat owns the terminal until it is closed
    screen.draw(inboxFrame(list, selected, status, paint, { columns: out.columns ?? 80, rows: out.rows ?? 24 }, Date.now()));
  };
  // Events arrive in bursts: one reload at a time, and one more if anything came in meanwhile.
  let loading: Promise<void> | undefined;
  let again = false;
  const reload = (): Promise<void> => {
    if (loading) {
      again = true;
      return loading;
    }
    loading = (async () => {
      do {
        again = false;
        try {
          const keep = list[selected]?.id;
          list = await collect(client, await inboxOf(client, root), limit);
          const at = list.findIndex((c) => c.id === keep);
          selected = at >= 0 ? at : Math.min(selected, Math.max(0, list.length - 1));
          status = '';
        } catch (err) {
          status = paint.red(`not updated: ${(err as Error).message}`);
        }
        draw();
      } while (again && !stop.signal.aborted);
      loading = undefined;
    })();
    return loading;
  };

  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  const listen = () => {
    readline.emitKeypressEvents(stdin);
    stdin.setRawMode?.(true);
    stdin.on('keypress', onKey);
    stdin.resume();
  };
  const unlisten = () => {
    stdin.off('keypress', onKey);
    stdin.setRawMode?.(false);
    stdin.pause();
  };
  const open = async (person: HalDocument) => {
    chatting = true;
    unlisten();
    screen.leave();
    const { chat } = await import('../chat/chat.js');
    await chat(ctx, String(person.username), { matchHref: linkOf(person, 'match')?.href }).catch((err: Error) => (status = paint.red(err.message)));
    chatting = false;
    screen.enter();
    listen();
    draw();
    await reload();
  };
  function onKey(str: string | undefined, key: Key = {}) {
    if ((key.ctrl && key.name === 'c') || key.name === 'escape' || str === 'q') return leave();
    if (key.name === 'up' || str === 'k') selected = Math.max(0, selected - 1);
    else if (key.name === 'down' || str === 'j') selected = Math.min(Math.max(0, list.length - 1), selected + 1);
    else if ((key.name === 'return' || key.name === 'enter') && list[selected]) return void open(list[selected]!);
    else return;
    draw();
  }

  const onResize = () => draw();
  out.on('resize', onResize);
  screen.enter();
  listen();
  draw();
  const events = linkOf(first, 'events');
  const following = (async () => {
    if (!events) return;
    for await (const _ of followEvents(client, events.href, stop.signal, { onRetry: (ms) => ((status = paint.yellow(`connection lost; retrying in ${Math.ceil(ms / 1000)} s`)), draw()) })) {
      void reload();
    }
  })().catch((err: Error) => {
    status = paint.red(`not live: ${err.message}`);
    draw();
  });
  try {
    await left;
  } finally {
    stop.abort();
    out.off('resize', onResize);
    unlisten();
    screen.leave();
  }
  void following;
}
