import type { HalDocument } from '../../hal.js';

/** A time as a person reads it and a test can pin down: minutes, in UTC. */
export const utcMinutes = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** "Snoozed until …" / "Snoozed indefinitely" for a profile that is snoozed, else undefined. */
export function snoozeLine(me: HalDocument): string | undefined {
  if (me.snoozed !== true) return undefined;
  return typeof me.snoozedUntil === 'string' ? `Snoozed until ${utcMinutes(me.snoozedUntil)}` : 'Snoozed indefinitely';
}

/** What --json prints about a snooze. */
export const snoozeJson = (me: HalDocument) => ({ username: me.username, snoozed: me.snoozed === true, snoozedUntil: typeof me.snoozedUntil === 'string' ? me.snoozedUntil : null });
