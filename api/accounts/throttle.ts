import { QueryTypes, type Sequelize } from 'sequelize';
import { problems } from '../http/problems.js';

export interface ThrottleSettings {
  maxFailures: number;
  windowSeconds: number;
  maxFailuresPerIp: number;
}

/** Failed-login counting per account name and per client address, shared by all instances. */
export class LoginThrottle {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly settings: ThrottleSettings,
  ) {}

  private keys(identifier: string, ip: string): Array<[string, number]> {
    return [
      [`id:${identifier.toLowerCase()}`, this.settings.maxFailures],
      [`ip:${ip}`, this.settings.maxFailuresPerIp],
    ];
  }

  async assertAllowed(identifier: string, ip: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.settings.windowSeconds * 1000);
    const rows = await this.sequelize.query<{ key: string; failures: number; window_started_at: Date }>(
      'SELECT key, failures, window_started_at FROM login_throttles WHERE key = ANY($1) AND window_started_at > $2',
      { bind: [this.keys(identifier, ip).map(([k]) => k), windowStart], type: QueryTypes.SELECT },
    );
    for (const [key, max] of this.keys(identifier, ip)) {
      const row = rows.find((r) => r.key === key);
      if (row && row.failures >= max) {
        const retryAfter = Math.max(1, Math.ceil((row.window_started_at.getTime() - windowStart.getTime()) / 1000));
        throw problems.tooManyRequests(retryAfter, `Too many failed logins; try again in ${retryAfter} seconds.`);
      }
    }
  }

  async recordFailure(identifier: string, ip: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.settings.windowSeconds * 1000);
    for (const [key] of this.keys(identifier, ip)) {
      await this.sequelize.query(
        `INSERT INTO login_throttles AS t (key, failures, window_started_at) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_started_at <= $3 THEN 1 ELSE t.failures + 1 END,
           window_started_at = CASE WHEN t.window_started_at <= $3 THEN $2 ELSE t.window_started_at END`,
        { bind: [key, now, windowStart] },
      );
    }
  }

  async reset(identifier: string): Promise<void> {
    await this.sequelize.query('DELETE FROM login_throttles WHERE key = $1', { bind: [`id:${identifier.toLowerCase()}`] });
  }
}
