import type { Arrival } from './poller.js';

interface Sent {
  /** When the send request started, ms since the epoch (performance.timeOrigin + now()). */
  t0: number;
  from: number;
  to: number;
  /** Answered 201; a refused send cannot be lost. */
  accepted: boolean;
  seenByRecipient: boolean;
  seenBySender: boolean;
}

/**
 * Who was sent what and who saw it: latency is from the start of the send request to the moment
 * the recipient's events page carrying the message was read (both clocks are this machine's).
 */
export class Ledger {
  readonly sent = new Map<string, Sent>();
  readonly latencies: number[] = [];
  /** [send start, latency] per delivered message: the timeline a stall shows in. */
  readonly timeline: Array<[number, number]> = [];
  private readonly seen = new Set<string>();
  duplicates = 0;
  /** A message event given to someone who is neither side of its match. */
  strays = 0;
  /** A message event the bench never sent. */
  unknown = 0;
  delivered = 0;

  send(body: string, from: number, to: number, t0: number): Sent {
    const entry = { t0, from, to, accepted: false, seenByRecipient: false, seenBySender: false };
    this.sent.set(body, entry);
    return entry;
  }

  arrive([n, id, body, , at]: Arrival): void {
    const key = `${n}:${id}`;
    if (this.seen.has(key)) {
      this.duplicates += 1;
      return;
    }
    this.seen.add(key);
    const entry = this.sent.get(body);
    if (!entry) this.unknown += 1;
    else if (n === entry.to) {
      entry.seenByRecipient = true;
      this.delivered += 1;
      this.latencies.push(at - entry.t0);
      this.timeline.push([entry.t0, at - entry.t0]);
    } else if (n === entry.from) entry.seenBySender = true;
    else this.strays += 1;
  }

  accepted(): number {
    let count = 0;
    for (const s of this.sent.values()) if (s.accepted) count += 1;
    return count;
  }

  /** Accepted messages the recipient has not seen (yet). */
  lost(): number {
    let count = 0;
    for (const s of this.sent.values()) if (s.accepted && !s.seenByRecipient) count += 1;
    return count;
  }

  /** Accepted messages whose sender's own events poll has not shown them (yet): the contract says it must. */
  echoesMissing(): number {
    let count = 0;
    for (const s of this.sent.values()) if (s.accepted && !s.seenBySender) count += 1;
    return count;
  }
}

export const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
