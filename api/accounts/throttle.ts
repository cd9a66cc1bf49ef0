import type { Limiter } from '../limits/limiter.js';
import { problems } from '../http/problems.js';

export interface ThrottleSettings {
  /** Failed logins for one account from one client address per window. */
  maxFailures: number;
  windowSeconds: number;
  /** Failed logins from one client address, whatever the account, per window. */
  maxFailuresPerIp: number;
  /** Failed logins for one account from all addresses per window before it slows down. */
  slowdownAfter: number;
  /** Once slowed down, one password check per this many seconds for that account. */
  slowdownSeconds: number;
}

const KNOWN_SECONDS = 30 * 24 * 3600;

/**
 * Login attempts are counted before the password is checked, so a burst of N guesses can never
 * reach bcrypt more often than the limit; a success takes its own attempt back. Counting by
 * (account, address) means a stranger cannot lock anyone out from elsewhere; the account-wide
 * count only slows that account down (one check every few seconds), and an address that has
 * logged in to the account before is not slowed down at all.
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: Limiter,
    private readonly settings: ThrottleSettings,
  ) {}

  private keys(account: string, ip: string) {
    return { pair: `login:${account}:${ip}`, ip: `login-ip:${ip}`, account: `login-account:${account}`, known: `login-known:${account}:${ip}` };
  }

  /** Takes one attempt for `account` (a user id, or the unknown name as typed) from `ip`; 429 when over. */
  async attempt(account: string, ip: string): Promise<{ succeeded(): Promise<void> }> {
    const keys = this.keys(account, ip);
    const { maxFailures, maxFailuresPerIp, windowSeconds, slowdownAfter, slowdownSeconds } = this.settings;
    const known = await this.limiter.seen(keys.known, KNOWN_SECONDS);
    const limits = [
      { key: keys.pair, max: maxFailures, windowSeconds },
      { key: keys.ip, max: maxFailuresPerIp, windowSeconds },
      ...(known ? [] : [{ key: keys.account, max: slowdownAfter, windowSeconds, slowSeconds: slowdownSeconds }]),
    ];
    const { at, retryAt } = await this.limiter.take(limits);
    if (retryAt) {
      const wait = Math.max(1, Math.ceil((retryAt.getTime() - at.getTime()) / 1000));
      throw problems.tooManyRequests(wait, `Too many failed logins; try again in ${wait} seconds.`);
    }
    return {
      succeeded: async () => {
        await this.limiter.refund([keys.ip, keys.account], at);
        await this.limiter.forget([keys.pair]);
        await this.limiter.mark(keys.known, KNOWN_SECONDS);
      },
    };
  }
}
