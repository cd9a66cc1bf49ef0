import bcrypt from 'bcrypt';
import { Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { z } from 'zod';
import { modelsOf, type User } from '../db/models.js';
import { HttpProblem, problems } from '../http/problems.js';
import { signToken, type TokenSettings } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { LoginThrottle, type ThrottleSettings } from './throttle.js';
import { secondsUntil, type Limiter } from '../limits/limiter.js';
import { addressKey } from '../limits/address.js';
import { requireAdult, type signupSchema, type loginSchema } from './schemas.js';
import type { PhotoService } from '../photos/service.js';
import { CHAT_CHANNEL } from '../matches/service.js';

export interface AccountDeps {
  sequelize: Sequelize;
  clock: Clock;
  tokens: TokenSettings;
  bcryptCost: number;
  throttle: ThrottleSettings;
  /** Signups one client address may make per hour. */
  signupsPerHour: number;
  limiter: Limiter;
  photos: PhotoService;
}

export interface Issued {
  user: User;
  token: string;
}

export function createAccountService(deps: AccountDeps) {
  const { User, Session } = modelsOf(deps.sequelize);
  const throttle = new LoginThrottle(deps.limiter, deps.throttle);
  // Unknown users still cost one bcrypt compare, so a wrong name takes as long as a wrong password.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= bcrypt.hash('friender-timing-equaliser', deps.bcryptCost));

  async function issue(user: User): Promise<Issued> {
    const now = deps.clock.now();
    const session = await Session.create({ userId: user.id, expiresAt: new Date(now.getTime() + deps.tokens.ttlSeconds * 1000) });
    return { user, token: signToken(deps.tokens, { id: session.id, userId: user.id, expiresAt: session.expiresAt }, now) };
  }

  return {
    async signup(input: z.output<typeof signupSchema>, ip: string): Promise<Issued> {
      // Before the address is counted: a refused age is no account, and no name or email was looked up.
      requireAdult(input.birthDate, deps.clock.now());
      // Counted first, taken names included: a 409 tells whether an email is registered, so
      // asking is as limited as signing up.
      const { at, retryAt } = await deps.limiter.take([{ key: `signup:${addressKey(ip)}`, max: deps.signupsPerHour, windowSeconds: 3600 }]);
      if (retryAt) {
        const wait = secondsUntil(retryAt, at);
        throw problems.tooManyRequests(wait, `Too many new accounts from your address; try again in ${Math.ceil(wait / 60)} minutes.`);
      }
      const taken = await User.findOne({
        where: { [Op.or]: [{ username: input.username }, deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('email')), input.email.toLowerCase())] },
      });
      if (taken) throw taken.username === input.username ? problems.conflict('username', 'is already taken') : problems.conflict('email', 'is already registered');
      const passwordHash = await bcrypt.hash(input.password, deps.bcryptCost);
      try {
        const user = await User.create({ username: input.username, email: input.email, passwordHash, birthDate: input.birthDate });
        return await issue(user);
      } catch (err) {
        // Two signups racing for the same name: the unique index decides.
        if (err instanceof UniqueConstraintError) {
          const field = JSON.stringify(err.errors ?? err.parent ?? '').includes('email') ? 'email' : 'username';
          throw problems.conflict(field, field === 'email' ? 'is already registered' : 'is already taken');
        }
        throw err;
      }
    },

    async login(input: z.output<typeof loginSchema>, ip: string): Promise<Issued> {
      const needle = input.username.toLowerCase();
      const user = await User.findOne({
        where: needle.includes('@')
          ? deps.sequelize.where(deps.sequelize.fn('lower', deps.sequelize.col('email')), needle)
          : { username: needle },
      });
      const attempt = await throttle.attempt(needle, user ? user.id : `unknown:${needle}`, ip);
      let ok = false;
      if (attempt.check) ok = await bcrypt.compare(input.password, user?.passwordHash ?? (await dummy()));
      // Refused by the account's own limits: the same answer in the same time as a wrong password.
      else await bcrypt.compare(input.password, await dummy());
      if (!user || !ok) throw problems.invalidCredentials();
      await attempt.succeeded();
      // Said only to whoever knows the password: to anyone else a suspended account is a wrong password.
      if (user.suspendedAt) {
        throw new HttpProblem(403, 'account-suspended', 'Account suspended', 'A moderator suspended this account after a report; it can no longer log in.');
      }
      return issue(user);
    },

    async logout(userId: string, sessionId: string): Promise<void> {
      // By the whole key (migrations/0018): the user first, then the session.
      await Session.update({ revokedAt: deps.clock.now() }, { where: { userId, id: sessionId } });
    },

    async deleteAccount(user: User, password: string): Promise<void> {
      // A stolen token must not become a password oracle: checks are limited like logins.
      const key = `delete-account:${user.id}`;
      const { at, retryAt } = await deps.limiter.take([{ key, max: deps.throttle.maxFailures, windowSeconds: deps.throttle.windowSeconds }]);
      if (retryAt) {
        const wait = secondsUntil(retryAt, at);
        throw problems.tooManyRequests(wait, `Too many wrong passwords; try again in ${wait} seconds.`);
      }
      if (!(await bcrypt.compare(password, user.passwordHash))) {
        throw problems.validation([{ field: 'password', message: 'does not match your password' }]);
      }
      const discarded = await deps.sequelize.transaction(async (transaction) => {
        // Their photos' objects are written down with the deletion and removed after it commits:
        // storage is never called inside the transaction, and being down never keeps an account.
        const objects = await deps.photos.discardAllOf(user.id, transaction);
        // Their matches end (the other side gets `unmatch`, as for any ending) and then go with them
        // (cascade): polls held on those conversations, on any instance, wake and find them gone.
        await deps.sequelize.query(
          `SELECT pg_notify($2, id::text) FROM friender_end_matches_of($1, $3) AS ended (id)`,
          { bind: [user.id, CHAT_CHANNEL, deps.clock.now()], transaction },
        );
        await user.destroy({ transaction });
        return objects;
      });
      await deps.photos.settle(discarded);
      await deps.limiter.forget([key]);
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
