import type { Limiter } from '../limits/limiter.js';
import { addressKey } from '../limits/address.js';
import { secondsUntil } from '../limits/limiter.js';
import { problems } from '../http/problems.js';

export interface ThrottleSettings {
  /** Failed logins for one account name (and for one account) from one client address per window. */
  maxFailures: number;
  windowSeconds: number;
  /** Failed logins from one client address, whatever the account, per window. */
  maxFailuresPerIp: number;
  /** Failed logins for one account name from all addresses per window before it slows down. */
  slowdownAfter: number;
  /** Once slowed down, one password check per this many seconds. */
  slowdownSeconds: number;
}

const KNOWN_SECONDS = 30 * 24 * 3600;

export interface Attempt {
  /** false when the account's own limits refused this attempt: answer exactly as to a wrong password. */
  check: boolean;
  succeeded(): Promise<void>;
}

/**
 * Login attempts are counted before the password is checked, so a burst of N guesses can never
 * reach bcrypt more often than the limit; a success takes its own attempt back.
 *
 * Two kinds of limit. Those keyed by what was typed (the name or email, with the address; the
 * address alone; the name from everywhere, which slows down rather than locks) answer 429: they
 * say nothing the caller did not type. Those keyed by the account behind it — so that guesses by
 * username and by email count together — must not answer 429, or a 429 on an email after
 * failures on a username would say that the two are one person's. Over those, the attempt is
 * refused as a wrong password is, in the same time, without checking the password.
 *
 * An address that has logged in to the account before is not slowed down nor limited per
 * address: a stranger elsewhere, or on a shared address, cannot lock its owner out there.
 */
export class LoginThrottle {
  constructor(
    private readonly limiter: Limiter,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Takes one attempt for `typed` (as typed, lower-cased), which is `account` (a user id) if it exists, from `ip`. */
  async attempt(typed: string, account: string, ip: string): Promise<Attempt> {
    const address = addressKey(ip);
    const { maxFailures, maxFailuresPerIp, windowSeconds, slowdownAfter, slowdownSeconds } = this.settings;
    const keys = {
      typed: `login:${typed}@${address}`,
      address: `login-address:${address}`,
      typedEverywhere: `login-slow:${typed}`,
      account: `login-account:${account}@${address}`,
      accountEverywhere: `login-account-slow:${account}`,
      known: `login-known:${account}@${address}`,
    };
    const known = await this.limiter.seen(keys.known, KNOWN_SECONDS);
    const shown = await this.limiter.take([
      { key: keys.typed, max: maxFailures, windowSeconds },
      ...(known ? [] : [
        { key: keys.address, max: maxFailuresPerIp, windowSeconds },
        { key: keys.typedEverywhere, max: slowdownAfter, windowSeconds, slowSeconds: slowdownSeconds },
      ]),
    ]);
    if (shown.retryAt) {
      const wait = secondsUntil(shown.retryAt, shown.at);
      throw problems.tooManyRequests(wait, `Too many failed logins; try again in ${wait} seconds.`);
    }
    const silent = await this.limiter.take([
      { key: keys.account, max: maxFailures, windowSeconds },
      ...(known ? [] : [{ key: keys.accountEverywhere, max: 2 * slowdownAfter, windowSeconds, slowSeconds: slowdownSeconds }]),
    ]);
    return {
      check: silent.retryAt === undefined,
      succeeded: () =>
        this.limiter.settle({
          at: shown.at,
          refund: [keys.address, keys.typedEverywhere, keys.accountEverywhere],
          forget: [keys.typed, keys.account],
          mark: keys.known,
          markSeconds: KNOWN_SECONDS,
        }),
    };
  }
}
