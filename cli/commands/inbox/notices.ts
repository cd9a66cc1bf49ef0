import type { Writable } from 'node:stream';
import { linkOf, type HalDocument } from '../../hal.js';
import { embedded, followEvents, inboxOf, type FollowOptions, type Getter } from './events.js';
import { clean, preview } from '../watch/format.js';
import type { Context } from '../../context.js';
import { resolveSetting, SETTINGS, type Notify, type SettingKey, type Settings } from '../../settings.js';

export const BEL = '\u0007';

/** What swipe and chat need to ring: the settings themselves. */
export type NoticeSettings = Settings;

/**
 * Whether swipe and chat ring for new messages, and how: --quiet/--no-quiet, then FRIENDER_QUIET and
 * FRIENDER_NOTIFY, then `friender config`, then the defaults (see cli/settings.ts).
 */
export async function noticeSettings(ctx: Pick<Context, 'env' | 'store'>, quietFlag?: boolean): Promise<NoticeSettings> {
  // Notices are a nicety: a store that cannot be read leaves them at their defaults.
  const value = <K extends SettingKey>(key: K, flag?: Settings[K]) =>
    resolveSetting(key, ctx.env, ctx.store, flag).then(
      (resolved) => resolved.value,
      () => SETTINGS[key].fallback as Settings[K],
    );
  const [quiet, notify] = await Promise.all([value('quiet', quietFlag), value('notify')]);
  return { quiet, notify };
}

/**
 * The desktop notification `notify` asks for: OSC 9 (iTerm2, Windows Terminal, kitty…)
 * or OSC 777 (urxvt, foot, WezTerm…). Terminals that know neither ignore both; nothing else is written.
 */
export function oscFor(notify: Notify, title: string, body: string): string {
  // Inside an OSC, a control character would end it early (clean drops them all); in OSC 777 a ';' separates fields.
  switch (notify) {
    case 'osc9':
      return `\u001b]9;${clean(`${title}: ${body}`)}\u0007`;
    case 'osc777':
      return `\u001b]777;notify;${clean(title).replaceAll(';', ',')};${clean(body)}\u0007`;
    default:
      return '';
  }
}

/** The one-line notice for a message: "✉ ben: coffee on saturday?". */
export function noticeText(message: HalDocument): string {
  return `✉ ${clean(message.from)}: ${preview(message.body, 60)}`;
}

/** A message event that deserves a bell: someone else's, not from the person `except` names. */
export function noticeWorthy(event: HalDocument, except?: string): HalDocument | undefined {
  if (event.type !== 'message') return undefined;
  const m = embedded(event, 'message');
  if (!m || m.mine) return undefined;
  if (except && String(m.from).toLowerCase() === except.toLowerCase()) return undefined;
  return m;
}

export interface NoticeOptions extends FollowOptions {
  out: Writable;
  quiet: boolean;
  notify: Notify;
  /** The person on screen (chat): their messages show there, so they ring nothing. */
  except?: () => string | undefined;
  onNotice(text: string): void;
  /** Every event, quiet or not (chat's `seen` reads `read` events). */
  onEvent?(event: HalDocument): void;
}

export interface Notices {
  /** While muted (a chat opened from here has its own), events pass without a bell. */
  muted: boolean;
  stop(): void;
}

/**
 * Follows the events stream in the background while swipe or chat runs. When the API has no
 * `inbox`, or the login is refused, it simply does nothing: notices are a nicety, never a failure.
 */
export function startNotices(client: Getter, root: HalDocument, options: NoticeOptions): Notices {
  const stop = new AbortController();
  const notices: Notices = { muted: false, stop: () => stop.abort() };
  const run = async () => {
    // No inbox here is an error like any other: swallowed below, so nothing is followed.
    const inbox = await inboxOf(client, root, stop.signal);
    const events = linkOf(inbox, 'events');
    if (!events) return;
    for await (const list of followEvents(client, events.href, stop.signal, options)) {
      for (const event of list) {
        options.onEvent?.(event);
        const message = noticeWorthy(event, options.except?.());
        if (!message || options.quiet || notices.muted) continue;
        const text = noticeText(message);
        options.out.write(BEL + oscFor(options.notify, 'Friender', text.replace(/^✉ /, '')));
        options.onNotice(text);
      }
    }
  };
  run().catch(() => {});
  return notices;
}
