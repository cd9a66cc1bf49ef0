import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { RequestHandler } from 'express';
import { Op, type Sequelize } from 'sequelize';
import { modelsOf, type Models, type User } from '../db/models.js';
import { problems } from '../http/problems.js';
import type { Clock } from '../clock.js';

export interface TokenSettings {
  /**
   * The HS256 secret as a KeyObject: given a string, jsonwebtoken first tries to parse it as a
   * PEM key and catches the failure, on every sign and verify — the API's largest CPU cost under load.
   */
  key: KeyObject;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface Principal {
  user: User;
  sessionId: string;
  /** When this login stops working. */
  expiresAt: Date;
}

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export const ALGORITHM = 'HS256';

export function signToken(settings: TokenSettings, session: { id: string; userId: string; expiresAt: Date }, now: Date): string {
  return jwt.sign(
    { sub: session.userId, jti: session.id, iat: Math.floor(now.getTime() / 1000), exp: Math.floor(session.expiresAt.getTime() / 1000) },
    settings.key,
    { algorithm: ALGORITHM, issuer: settings.issuer, audience: settings.audience },
  );
}

export interface Authenticators {
  required: RequestHandler;
  optional: RequestHandler;
}

/**
 * passport-jwt only honours algorithms/issuer/audience as top-level strategy options;
 * inside jsonWebTokenOptions they are silently overwritten — so they are set here.
 */
export function createAuthenticators(settings: TokenSettings, clock: Clock, sequelize: Sequelize): Authenticators {
  const models = modelsOf(sequelize);
  const passport = new Passport();
  passport.use(
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // passport-jwt hands the key to jsonwebtoken as it is; its types predate KeyObject.
        secretOrKey: settings.key as unknown as Buffer,
        algorithms: [ALGORITHM],
        issuer: settings.issuer,
        audience: settings.audience,
      },
      (payload: { sub?: unknown; jti?: unknown; exp?: unknown }, done: (err: unknown, principal?: Principal | false) => void) => {
        findPrincipal(models, payload, clock.now()).then((p) => done(null, p ?? false), done);
      },
    ),
  );
  const authenticate = (optional: boolean): RequestHandler => (req, res, next) => {
    // OPTIONS only asks which methods a route takes; the route's onlyMethods answers it, no login needed.
    if (req.method === 'OPTIONS') return next();
    // What is answered depends on who asks (or that nobody does): a cache must key it by the token.
    res.vary('Authorization');
    passport.authenticate('jwt', { session: false }, (err: unknown, principal: Principal | false) => {
      if (err) return next(err);
      if (principal) req.principal = principal;
      else if (!optional || req.headers.authorization) {
        // A token that was sent but rejected is a 401 even where login is optional: a client must know.
        return next(req.headers.authorization ? problems.unauthorized('The token is invalid, expired or logged out; log in again.') : problems.unauthorized());
      }
      next();
    })(req, res, next);
  };
  return { required: authenticate(false), optional: authenticate(true) };
}

async function findPrincipal({ Session, User }: Models, payload: { sub?: unknown; jti?: unknown; exp?: unknown }, now: Date): Promise<Principal | undefined> {
  // jsonwebtoken checks exp only when present; a token without one is never ours.
  if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!uuid.test(payload.sub) || !uuid.test(payload.jti)) return undefined;
  const session = await Session.findOne({
    where: { id: payload.jti, userId: payload.sub, revokedAt: null, expiresAt: { [Op.gt]: now } },
    // A suspended account's tokens stop at once: the next request after the suspension is a 401.
    include: [{ model: User, as: 'user', required: true, where: { suspendedAt: null } }],
  });
  const user = (session as unknown as { user?: User } | null)?.user;
  return session && user ? { user, sessionId: session.id, expiresAt: session.expiresAt } : undefined;
}
