import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { RequestHandler } from 'express';
import type { CreationAttributes, Sequelize } from 'sequelize';
import { preparedQueries } from '../db/prepared.js';
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
  const findPrincipal = principalFinder(sequelize, modelsOf(sequelize));
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
        findPrincipal(payload, clock.now()).then((p) => done(null, p ?? false), done);
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

/**
 * Every authenticated request runs this, so it is one hand-written statement rather than a
 * findOne with an include: Sequelize's query building was the largest cost of an idle long-poll
 * (profiled under bench:inbox). The row still becomes a real User instance (reload/update work).
 */
function principalFinder(sequelize: Sequelize, { User }: Models) {
  const prepared = preparedQueries(sequelize);
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = Object.entries(User.getAttributes())
    .map(([name, attribute]) => `u.${q(attribute.field ?? name)} AS ${q(name)}`)
    .join(', ');
  const sql =
    `SELECT s.expires_at AS "session.expiresAt", ${columns} FROM sessions s JOIN users u ON u.id = s.user_id ` +
    // A suspended account's tokens stop at once: the next request after the suspension is a 401.
    'WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3 AND u.suspended_at IS NULL';
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  return async (payload: { sub?: unknown; jti?: unknown; exp?: unknown }, now: Date): Promise<Principal | undefined> => {
    // jsonwebtoken checks exp only when present; a token without one is never ours.
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
    if (!uuid.test(payload.sub) || !uuid.test(payload.jti)) return undefined;
    const [row] = await prepared<Record<string, unknown>>('friender_principal', sql, [payload.jti, payload.sub, now]);
    if (!row) return undefined;
    const { 'session.expiresAt': expiresAt, ...values } = row;
    return { user: User.build(values as unknown as CreationAttributes<User>, { isNewRecord: false, raw: true }), sessionId: payload.jti, expiresAt: expiresAt as Date };
  };
}
