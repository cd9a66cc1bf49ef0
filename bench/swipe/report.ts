import type { ClientReport } from './client.js';

export interface SwipeFigures {
  clients: number;
  users: number;
  seconds: number;
  workers: number;
  cpus: number;
  reports: ClientReport[];
  rssPeak: number;
  /** Set when the bench drove API instances it did not start (BENCH_API_URL). */
  target?: string;
  /** NaN when the processes are unknown (another's instances without BENCH_API_PIDS / BENCH_POSTGRES_PID). */
  apiCpuPct: number;
  postgresCpuPct: number;
  generatorCpuPct: number;
  machineBusyPct: number;
  loadAverage: [number, number, number];
}

export const TARGET = { requestsPerSecond: 3 * 290, p95: 250 };
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const ms = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
const int = (n: number) => (Number.isNaN(n) ? 'n/a' : Math.round(n).toLocaleString('en-US'));
const verdict = (ok: boolean) => (ok ? 'ok' : 'OVER');

export function printReport(f: SwipeFigures): { requestsPerSecond: number; p95: number; errors: number } {
  const byShape = new Map<string, number[]>();
  const statuses: Record<string, number> = {};
  for (const r of f.reports) {
    for (const [shape, list] of Object.entries(r.latencies)) byShape.set(shape, [...(byShape.get(shape) ?? []), ...list]);
    for (const [status, n] of Object.entries(r.statuses)) statuses[status] = (statuses[status] ?? 0) + n;
  }
  const all = [...byShape.values()].flat().sort((a, b) => a - b);
  const total = all.length;
  const out = (line: string) => console.log(line);
  const sum = (pick: (r: ClientReport) => number) => f.reports.reduce((s, r) => s + pick(r), 0);
  out(`\nbench:swipe — ${f.clients} clients following links (page, like/pass, sometimes matches and a send) among ${int(f.users)} complete profiles with photos, ${f.seconds} s, ${f.cpus} CPUs, ${f.target ? `API at ${f.target}` : 'API in its own process'}`);
  out(`${'endpoint'.padEnd(36)} ${'requests'.padStart(9)} ${'per s'.padStart(7)}       p50        p95        p99`);
  for (const [shape, list] of [...byShape.entries()].sort((a, b) => b[1].length - a[1].length)) {
    const sorted = [...list].sort((a, b) => a - b);
    out(`${shape.padEnd(36)} ${int(list.length).padStart(9)} ${int(list.length / f.seconds).padStart(7)} ${ms(pct(sorted, 50))} ${ms(pct(sorted, 95))} ${ms(pct(sorted, 99))}`);
  }
  const rps = total / f.seconds;
  const p95 = pct(all, 95);
  out(`${'all'.padEnd(36)} ${int(total).padStart(9)} ${int(rps).padStart(7)} ${ms(pct(all, 50))} ${ms(p95)} ${ms(pct(all, 99))}`);
  out(`pages ${int(sum((r) => r.pages))} (empty ${sum((r) => r.emptyPages)}), matches made ${int(sum((r) => r.matchesMade))}`);
  const errors = Object.entries(statuses).filter(([status]) => !/^[23]\d\d$/.test(status));
  const errorCount = errors.reduce((s, [, n]) => s + n, 0);
  out(`answers by status: ${Object.entries(statuses).map(([s, n]) => `${s} × ${int(n)}`).join(', ')}`);
  out(`errors by status: ${errors.length ? errors.map(([status, n]) => `${status} × ${n}`).join(', ') : 'none'}`);
  for (const sample of f.reports.flatMap((r) => r.samples).slice(0, 5)) out(`  e.g. ${sample}`);
  out(`API RSS peak ${int(f.rssPeak)} MiB`);
  out(`CPU while measuring, % of one core: API ${int(f.apiCpuPct)}  PostgreSQL ${int(f.postgresCpuPct)}  generator ${int(f.generatorCpuPct)};  machine ${int(f.machineBusyPct)}% busy of ${f.cpus} CPUs, load average ${f.loadAverage.map((l) => l.toFixed(1)).join(' ')} (shared with other work: anything beyond these three is someone else's)`);
  // CPU time per request does not depend on how much of the machine others took meanwhile.
  const perRequest = (pctOfCore: number) => ((pctOfCore / 100) * f.seconds * 1000) / Math.max(1, total);
  const cpuPerRequest = perRequest(f.apiCpuPct) + perRequest(f.postgresCpuPct);
  const msOf = (n: number) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(2)} ms`);
  out(`CPU per request: API ${msOf(perRequest(f.apiCpuPct))}  PostgreSQL ${msOf(perRequest(f.postgresCpuPct))}  generator ${msOf(perRequest(f.generatorCpuPct))}` +
    ` — ${f.cpus} CPUs to the API and PostgreSQL alone would serve about ${int((f.cpus * 1000) / cpuPerRequest)} requests/s`);
  const loopP99 = Math.max(...f.reports.map((r) => r.loopP99));
  out(`generator (${f.workers} threads, same machine): event-loop delay p99 ${loopP99.toFixed(1)} ms${loopP99 > 20 ? ' — it lagged; latencies include its own delay' : ''}`);
  out(`requests/s ${int(rps)} (target ≥ ${TARGET.requestsPerSecond}, 3 × 290: ${verdict(rps >= TARGET.requestsPerSecond)})`);
  out(`p95 ${p95.toFixed(1)} ms (target ≤ ${TARGET.p95} ms: ${verdict(p95 <= TARGET.p95)})`);
  out(`errors ${errorCount} (target 0: ${verdict(errorCount === 0)})`);
  return { requestsPerSecond: rps, p95, errors: errorCount };
}
