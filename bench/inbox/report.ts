import { percentile, type Ledger } from './ledger.js';
import type { SendResult } from './senders.js';

export interface Figures {
  pollers: number;
  matches: number;
  rate: number;
  seconds: number;
  graceSeconds: number;
  workers: number;
  /** API processes: 1 is `npm start`, more a cluster (RSS and CPU are their sum). */
  apiProcesses: number;
  cpus: number;
  ledger: Ledger;
  sent: SendResult;
  /** The sending window, seconds. */
  window: number;
  statuses: Record<string, number>;
  pollRequests: number;
  seqBackwards: number;
  rss: { peak: number; end: number };
  apiCpuPct: number;
  generatorCpuPct: number;
  postgresCpuPct: number;
  machineBusyPct: number;
  loadAverage: number;
  loopP99: number;
  loopMax: number;
}

const TARGET = { p95: 50, rssMiB: 1024 };
const ms = (n: number) => `${n.toFixed(1)} ms`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

export function printReport(f: Figures): void {
  const sorted = [...f.ledger.latencies].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  const lost = f.ledger.lost();
  const errors = Object.entries(f.statuses).filter(([status]) => status !== '200' && status !== '201');
  const out = (line: string) => console.log(line);
  out(`\nbench:inbox — ${int(f.pollers)} users each holding one events long-poll, ${f.matches} matches sending ${f.rate} messages/s for ${f.seconds} s, ${f.cpus} CPUs, ${f.apiProcesses === 1 ? 'one API process (npm start)' : `${f.apiProcesses} API instances behind nginx (npm run cluster; RSS and CPU summed)`}`);
  out(`latency, send request start → recipient's events page read: p50 ${ms(percentile(sorted, 50))}  p95 ${ms(p95)}  p99 ${ms(percentile(sorted, 99))}  max ${ms(sorted.at(-1) ?? NaN)}`);
  out(`messages: sent ${int(f.ledger.sent.size)}  accepted ${int(f.ledger.accepted())}  delivered ${int(f.ledger.delivered)}  lost ${lost} (none arrived in the last ${f.graceSeconds} s)  duplicated ${f.ledger.duplicates}` +
    `  sender's own copy missing ${f.ledger.echoesMissing()}  seen by others ${f.ledger.strays}  seq out of order ${f.seqBackwards}`);
  // Where a tail comes from: latency by second of the schedule (p50 / p95 / max), one line.
  const start = Math.min(...f.ledger.timeline.map(([t0]) => t0));
  const bySecond = new Map<number, number[]>();
  for (const [t0, lat] of f.ledger.timeline) {
    const second = Math.floor((t0 - start) / 1000);
    bySecond.set(second, [...(bySecond.get(second) ?? []), lat]);
  }
  const cells = [...bySecond.keys()].sort((a, b) => a - b).map((second) => {
    const l = bySecond.get(second)!.sort((a, b) => a - b);
    return `${second}s ${percentile(l, 50).toFixed(0)}/${percentile(l, 95).toFixed(0)}/${l.at(-1)!.toFixed(0)}`;
  });
  out(`latency by second of sending (p50/p95/max ms): ${cells.join('  ')}`);
  out(`API RSS: peak ${int(f.rss.peak)} MiB  end ${int(f.rss.end)} MiB`);
  out(`CPU while sending, % of one core: API ${int(f.apiCpuPct)}  PostgreSQL ${int(f.postgresCpuPct)}  generator ${int(f.generatorCpuPct)};  machine ${int(f.machineBusyPct)}% busy of ${f.cpus} CPUs, load average ${f.loadAverage.toFixed(1)} (anything beyond the three is someone else's)`);
  out(`requests/s ${int((f.pollRequests + f.sent.requests) / f.window)} (events polls ${int(f.pollRequests / f.window)}, sends ${int(f.sent.requests / f.window)}) over ${f.window.toFixed(1)} s (from the first send to the last answer)`);
  if (f.window > f.seconds * 1.2) out(`the API fell behind: the sends of a ${f.seconds} s schedule were all answered only after ${f.window.toFixed(1)} s`);
  out(`errors by status: ${errors.length ? errors.map(([status, n]) => `${status} × ${n}`).join(', ') : 'none'}`);
  out(`generator (${f.workers} poller threads + sender, same machine): event-loop delay p99 ${ms(f.loopP99)} max ${ms(f.loopMax)}, sends late > 20 ms ${f.sent.late} (worst ${ms(f.sent.maxLagMs)})`);
  const behind = f.sent.late > Math.max(5, f.sent.requests / 100) || f.loopP99 > 20;
  if (behind) out('generator: it could NOT keep up with the load (late sends or a lagging event loop); latencies include its own delay');
  out(`p95 ${ms(p95)} (target ≤ ${TARGET.p95} ms: ${verdict(p95 <= TARGET.p95)})`);
  out(`lost ${lost} (target 0: ${verdict(lost === 0)})`);
  out(`duplicated ${f.ledger.duplicates} (target 0: ${verdict(f.ledger.duplicates === 0)})`);
  out(`API RSS peak ${int(f.rss.peak)} MiB (target ≤ ${TARGET.rssMiB} MiB: ${verdict(f.rss.peak <= TARGET.rssMiB)})`);
}
