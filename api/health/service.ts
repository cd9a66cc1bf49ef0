import type { Sequelize } from 'sequelize';
import type { Storage } from '../storage/s3.js';

export type State = 'ok' | 'down';

export interface Readiness {
  ready: boolean;
  database: State;
  storage: State;
}

export interface HealthSettings {
  /** How long each check may take before its service counts as down. */
  timeoutMs: number;
  /** How long one result answers every probe: a flood of probes costs one check a period. */
  cacheMs: number;
}

const within = <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
};

/**
 * Readiness for load balancers: can this instance reach PostgreSQL and the photo bucket now?
 * Probes share one check while it runs and its result for `cacheMs` after; each state change
 * is logged once, not once per probe.
 */
export function createHealthService(deps: { sequelize: Sequelize; storage: Storage; settings: HealthSettings; logger: Pick<Console, 'warn' | 'info'> }) {
  const { settings } = deps;
  let cached: { until: number; result: Promise<Readiness> } | undefined;
  let previous: Readiness | undefined;

  const probe = async (): Promise<Readiness> => {
    const [database, storage] = await Promise.all([
      within(deps.sequelize.query('SELECT 1'), settings.timeoutMs).then((): State => 'ok', (): State => 'down'),
      deps.storage.check(settings.timeoutMs).then((): State => 'ok', (): State => 'down'),
    ]);
    const now = { ready: database === 'ok' && storage === 'ok', database, storage };
    for (const service of ['database', 'storage'] as const) {
      if (previous && previous[service] !== now[service]) {
        if (now[service] === 'down') deps.logger.warn(`health: ${service} is down`);
        else deps.logger.info(`health: ${service} is back`);
      }
    }
    previous = now;
    return now;
  };

  return {
    check(): Promise<Readiness> {
      if (cached && Date.now() < cached.until) return cached.result;
      const result = probe();
      // Shared while it runs, however long that is, then for cacheMs.
      const entry = { until: Infinity, result };
      cached = entry;
      void result.then(() => {
        entry.until = Date.now() + settings.cacheMs;
      });
      return result;
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
