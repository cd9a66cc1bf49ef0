import readline from 'node:readline';
import type { Context } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import type { HalDocument } from '../../hal.js';
import { painter } from '../../paint.js';
import { withProgress } from '../../progress.js';
import { linkOf } from '../../hal.js';
import { characters, columns } from '../../text.js';
import { Screen } from '../swipe/screen.js';
import { fit, History } from './history.js';
import { LineEditor, type Key } from './line-editor.js';
import { follow, formatMessage, isEnded, messagesOf, openConversation, sendMessage } from './conversation.js';
import { blockedLine, sendBlock } from '../safety/block.js';
import { noticeSettings, startNotices } from '../inbox/notices.js';
import { reportedLine, sendReport } from '../safety/report.js';

/**
 * What an empty conversation shows: how to begin, and the API's suggested first line, if any, as a
 * hint only — nothing is typed or sent for the user.
 */
export function emptyLines(page: HalDocument, username: string): string[] {
  const lines = [`No messages with ${username} yet. Type something and press Enter to say hi.`];
  if (typeof page.suggestion === 'string' && page.suggestion.trim()) lines.push(`Need an opener? ${page.suggestion}`);
  return lines;
}

export interface ChatOptions {
  /** --quiet (true) or --no-quiet (false): beats FRIENDER_QUIET and the `quiet` setting. */
  quiet?: boolean;
  /** The match's own link, when the caller has it (the inbox): no need to look the name up in `matches`. */
  matchHref?: string;
}

const NOTICE_MS = 10_000;

/** The newest of your messages the other side has read, from a messages page or a `read` event. */
const readMark = (value: unknown) => (typeof value === 'number' || (typeof value === 'string' && value !== '') ? Number(value) : undefined);

/**
 * `friender chat <username>`: the conversation fills the screen, new messages appear as they
 * arrive, and a line editor at the bottom sends. Every change redraws the whole frame in one
 * write, so incoming messages never tear the line being typed.
 */
export async function chat(ctx: Context, username: string, opts: ChatOptions = {}): Promise<void> {
  if (!ctx.interactive || !ctx.io.isStdoutTTY) {
    throw new UsageError('`friender chat` needs a terminal.', ['In scripts use `friender messages <username> --watch --json` and `friender send <username> <text>`.']);
  }
  if (ctx.dumb) {
    throw new UsageError(`\`friender chat\` needs a terminal that can redraw the screen (TERM=dumb cannot); use \`friender messages ${username} --watch\` and \`friender send ${username} <text>\`.`);
  }
  const convo = await withProgress(ctx, 'Opening the conversation…', () => openConversation(ctx, username, opts.matchHref));
  const ring = await noticeSettings(ctx, opts.quiet);
  const paint = await painter(ctx.colorOut);
  const out = ctx.io.stdout as NodeJS.WriteStream;
  const history = new History((m) => formatMessage(m, paint));
  history.add(messagesOf(convo.page));
  let earlier = linkOf(convo.page, 'earlier')?.href;
  let loadingEarlier = false;
  const editor = new LineEditor();
  let status = '';
  let ended = false;
  let failure: Error | undefined;
  // Inside a bracketed paste, Enter is a line break in the message, not "send".
  let pasting = false;
  let lastKey: string | undefined;
  // /block asks y/N on the top line (the next key answers); /report leaves first, as it asks more than one key's worth.
  let question = '';
  let then: 'block' | 'report' | undefined;
  const screen = new Screen(out);
  const stop = new AbortController();
  // `seen` goes under your last message once the other side has read up to it.
  let readUpTo = readMark(convo.page.readUpTo) ?? -Infinity;
  const seen = (value: unknown) => {
    const mark = readMark(value);
    if (mark !== undefined && mark > readUpTo) readUpTo = mark;
  };
  // A message from someone else: one line at the top for a while (the bell rang already).
  let notice = '';
  let noticeTimer: NodeJS.Timeout | undefined;

  const room = () => Math.max(1, (out.rows ?? 24) - 4);
  const draw = () => {
    const width = out.columns ?? 80;
    const newest = history.newest;
    history.footer = newest?.mine && Number(newest.id) <= readUpTo ? [paint.dim('        seen')] : [];
    const view = history.view(width, room());
    const shown = history.size ? view.shown : emptyLines(convo.page, convo.username).map((line) => paint.dim(line));
    if (history.size && view.top && earlier) {
      // Room permitting, or once the reader has scrolled up to it, the top line says there is more.
      const hint = paint.dim(loadingEarlier ? 'loading earlier messages…' : 'PgUp for earlier messages');
      if (shown.length < room()) shown.unshift(hint);
      else if (history.scrolledBack) shown[0] = hint;
    }
    const where = history.scrolledBack ? 'scrolled back · PgDn for newer' : 'Enter sends · PgUp scrolls back · /quit or Ctrl-C leaves';
    // A question waiting for its y/N takes the whole header, so a narrow terminal shows it all.
    const header = question || (notice ? paint.yellow(notice) : '') || paint.dim(`Chat with ${convo.username} · ${where}${status ? ` · ${status}` : ''}`);
    const padding = Array.from({ length: room() - shown.length }, () => '');
    // The input scrolls sideways so the cursor is always on screen.
    const inputRoom = Math.max(1, width - 3);
    const chars = characters(editor.text.replaceAll('\n', '↵'));
    let from = 0;
    while (from < editor.cursor && columns(chars.slice(from, editor.cursor).join('')) > inputRoom) from += 1;
    let to = editor.cursor;
    while (to < chars.length && columns(chars.slice(from, to + 1).join('')) <= inputRoom) to += 1;
    const prompt = `> ${chars.slice(from, to).join('')}`;
    const frame = [fit(header, width)[0]!, ...padding, ...shown, paint.dim('─'.repeat(width)), prompt];
    screen.draw(frame, { row: frame.length - 1, col: 2 + columns(chars.slice(from, editor.cursor).join('')) });
  };
  const add = (list: HalDocument[]) => {
    history.add(list);
    draw();
  };
  const loadEarlier = () => {
    if (!earlier || loadingEarlier) return;
    loadingEarlier = true;
    convo.client.get(earlier).then(
      (page) => {
        earlier = linkOf(page, 'earlier')?.href;
        loadingEarlier = false;
        add(messagesOf(page));
      },
      (err: Error) => {
        loadingEarlier = false;
        status = paint.red(`earlier messages not loaded: ${err.message}`);
        draw();
      },
    );
    draw();
  };

  let leave!: () => void;
  const left = new Promise<void>((resolve) => (leave = resolve));
  const stdin = ctx.io.stdin as NodeJS.ReadStream;
  const onKey = (str: string | undefined, key: Key = {}) => {
    const previous = lastKey;
    lastKey = key.name;
    if (key.name === 'paste-start' || key.name === 'paste-end') {
      pasting = key.name === 'paste-start';
      return;
    }
    if (pasting && (key.name === 'return' || key.name === 'enter')) {
      if (key.name === 'enter' && previous === 'return') return; // \r\n is one line break
      editor.newline();
      return draw();
    }
    if (key.ctrl && key.name === 'c') return leave();
    if (question) {
      question = '';
      if (str === 'y' || str === 'Y') {
        then = 'block';
        return leave();
      }
      status = 'not blocked';
      return draw();
    }
    if (key.name === 'pageup' || key.name === 'pagedown') {
      if (key.name === 'pageup') history.pageUp(room());
      else history.pageDown(room());
      draw();
      if (key.name === 'pageup' && history.view(out.columns ?? 80, room()).top) loadEarlier();
      return;
    }
    if (key.ctrl && key.name === 'd' && editor.text === '') return leave();
    if (key.name === 'return' || key.name === 'enter') {
      const text = editor.text.trim();
      if (text === '/quit') return leave();
      if (text === '/block') {
        editor.take();
        question = paint.yellow(`Block ${convo.username}? y/N · neither of you will see the other again; the match ends`);
        return draw();
      }
      if (text === '/report') {
        editor.take();
        then = 'report';
        return leave();
      }
      if (text === '') return;
      editor.take();
      history.toNewest();
      status = 'sending…';
      draw();
      sendMessage(convo.client, convo.page, text).then(
        (message) => {
          status = '';
          add([message]);
        },
        (err: Error) => {
          if (editor.text === '') editor.set(text); // give the line back so nothing typed is lost (↑ has it too)
          status = paint.red(`not sent: ${err.message}`);
          draw();
        },
      );
      return;
    }
    if (editor.key(str, key)) draw();
  };

  screen.enter();
  out.write('\u001b[?2004h'); // bracketed paste: a pasted text arrives marked, so its lines stay one message
  readline.emitKeypressEvents(stdin);
  stdin.setRawMode?.(true);
  stdin.on('keypress', onKey);
  stdin.resume();
  const onResize = () => draw();
  out.on('resize', onResize);
  draw();
  const notices = startNotices(convo.client, convo.root, {
    out,
    ...ring,
    except: () => convo.username,
    onNotice: (text) => {
      notice = text;
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => ((notice = ''), draw()), NOTICE_MS);
      noticeTimer.unref();
      draw();
    },
    onEvent: (event) => {
      if (event.type !== 'read' || String(event.matchId) !== String(convo.match.id)) return;
      seen(event.readUpTo);
      draw();
    },
  });
  const receiving = (async () => {
    try {
      for await (const list of follow(
        convo.client,
        convo.page,
        stop.signal,
        (seconds) => {
          status = paint.yellow(`connection lost; retrying in ${seconds} s`);
          draw();
        },
        (page) => {
          const before = readUpTo;
          seen(page.readUpTo);
          if (readUpTo !== before) draw();
        },
      )) {
        status = '';
        add(list);
      }
    } catch (err) {
      if (isEnded(err)) ended = true;
      else failure = err as Error; // told after the screen is restored, where it stays readable
      leave();
    }
  })();
  try {
    await left;
  } finally {
    stop.abort();
    notices.stop();
    clearTimeout(noticeTimer);
    stdin.off('keypress', onKey);
    stdin.setRawMode?.(false);
    stdin.pause();
    out.off('resize', onResize);
    out.write('\u001b[?2004l');
    screen.leave();
  }
  void receiving;
  if (then === 'block') {
    const done = await withProgress(ctx, 'Blocking…', () => sendBlock(convo.client, convo.match));
    ctx.say(blockedLine(done.username));
    return;
  }
  if (then === 'report') {
    ctx.say(`Reporting ${convo.username} to the moderators; this also blocks them and ends the match.`);
    ctx.say(reportedLine(await sendReport(ctx, convo.client, convo.match, {})));
    return;
  }
  if (ended) throw new CliError(`The match with ${convo.username} has ended.`);
  if (failure) throw failure;
}
