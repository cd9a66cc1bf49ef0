import pg from 'pg';
import { benchNumber } from './env.js';

/**
 * With BENCH_PG_STATS=1 (which also loads the extension, bench/lib/services.ts): PostgreSQL's own
 * account of the measured window, statement by statement — the top by total execution time.
 */
export async function pgStatsWindow(databaseUrl: string, log: (line: string) => void): Promise<{ report(requests: number): Promise<void> } | undefined> {
  if (process.env.BENCH_PG_STATS !== '1') return undefined;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await db.query('SELECT pg_stat_statements_reset()');
  return {
    async report(requests: number) {
      try {
        const { rows } = await db.query<{ calls: string; total: number; mean: number; query: string }>(
          `SELECT calls, total_exec_time + total_plan_time AS total, mean_exec_time AS mean, query
             FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT ${benchNumber('BENCH_PG_STATS_TOP', 25)}`,
        );
        const sum = rows.reduce((s, r) => s + r.total, 0);
        log(`\nPostgreSQL statements by total time (pg_stat_statements; top ${rows.length} = ${(sum / requests).toFixed(3)} ms a request):`);
        log('  total ms   ms/request   calls   mean ms  statement');
        for (const r of rows) {
          const text = r.query.replace(/\s+/g, ' ').slice(0, 110);
          log(`  ${r.total.toFixed(0).padStart(8)}  ${(r.total / requests).toFixed(3).padStart(10)}  ${String(r.calls).padStart(6)}  ${r.mean.toFixed(3).padStart(8)}  ${text}`);
        }
      } finally {
        await db.end();
      }
    },
  };
}
