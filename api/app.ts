import { createSecretKey } from 'node:crypto';
import express from 'express';
import type { Sequelize } from 'sequelize';
import type { Config } from './config.js';
import type { Clock } from './clock.js';
import { createAuthenticators } from './auth/tokens.js';
import { notFound, problemRenderer, type Logger } from './http/errors.js';
import { securityHeaders } from './http/security-headers.js';
import { HAL_TYPES, negotiate } from './http/negotiate.js';
import { createAccountService } from './accounts/service.js';
import { accountsRouter } from './accounts/router.js';
import { createProfileService } from './profile/service.js';
import { profileRouter } from './profile/router.js';
import { createSnoozeService } from './profile/snooze.js';
import { rootRouter } from './root/router.js';
import { problemsRouter } from './problems/router.js';
import { openApiRouter } from './openapi/router.js';
import { createPhotoService } from './photos/service.js';
import { outboxSettings } from './storage/outbox.js';
import { photosRouter } from './photos/router.js';
import type { Storage } from './storage/s3.js';
import { createCandidateService } from './candidates/service.js';
import { createAnswerService } from './candidates/answers.js';
import { candidatesRouter } from './candidates/router.js';
import { createMatchService } from './matches/service.js';
import { matchesRouter } from './matches/router.js';
import { createMessageService } from './messages/service.js';
import { messagesRouter } from './messages/router.js';
import type { Notifier } from './messages/notifier.js';
import { createLimiter } from './limits/limiter.js';
import { createHealthService } from './health/service.js';
import { healthRouter } from './health/router.js';
import { createReportService } from './reports/service.js';
import { reportsRouter } from './reports/router.js';
import { createBlockService } from './blocks/service.js';
import { createReportService as createReporting } from './blocks/report.js';
import { blocksRouter } from './blocks/router.js';
import { createPollLeases } from './messages/polls.js';
import { createInboxService } from './inbox/service.js';
import { inboxRouter } from './inbox/router.js';

export interface AppDeps {
  sequelize: Sequelize;
  storage: Storage;
  config: Config & { jwtSecret: string };
  clock: Clock;
  logger: Logger;
  /** The process's one LISTEN connection for chat wake-ups. */
  notifier: Notifier;
  /** Aborted when the server starts shutting down: held polls answer at once, connections close. */
  draining?: AbortSignal;
}

export function createApp(deps: AppDeps): express.Express {
  const { config } = deps;
  const tokens = { key: createSecretKey(Buffer.from(config.jwtSecret)), issuer: config.jwtIssuer, audience: config.jwtAudience, ttlSeconds: config.tokenTtlSeconds };
  const auth = createAuthenticators(tokens, deps.clock, deps.sequelize);
  const photos = createPhotoService({
    sequelize: deps.sequelize, storage: deps.storage, settings: config.photos, logger: deps.logger, clock: deps.clock, outbox: outboxSettings(config),
  });
  const limiter = createLimiter(deps.sequelize, deps.clock);
  const accounts = createAccountService({
    sequelize: deps.sequelize, clock: deps.clock, tokens, bcryptCost: config.bcryptCost, throttle: config.login,
    signupsPerHour: config.limits.signupsPerIpPerHour, limiter, photos,
  });
  const profiles = createProfileService({ sequelize: deps.sequelize, limiter, zipChangesPerDay: config.limits.zipChangesPerDay, clock: deps.clock });
  const candidates = createCandidateService({ sequelize: deps.sequelize, clock: deps.clock, deck: config.deck, log: (line) => deps.logger.warn(line) });
  const answers = createAnswerService({ sequelize: deps.sequelize, candidates, clock: deps.clock, undoSeconds: config.undoSeconds });
  const matches = createMatchService({ sequelize: deps.sequelize, clock: deps.clock });
  const health = createHealthService({ sequelize: deps.sequelize, storage: deps.storage, settings: { timeoutMs: 2000, cacheMs: 1000 }, logger: deps.logger });
  const reports = createReportService({ sequelize: deps.sequelize, clock: deps.clock });
  const blocks = createBlockService({ sequelize: deps.sequelize, candidates, matches });
  const reporting = createReporting({ sequelize: deps.sequelize, candidates, matches, blocks, photos, limiter, perDay: config.limits.reportsPerDay });
  // One count of held polls per user for both kinds (a conversation's, the inbox's events), across instances.
  const polls = createPollLeases({ sequelize: deps.sequelize, clock: deps.clock, max: config.chat.maxPollsPerUser, draining: deps.draining });
  const messages = createMessageService({ sequelize: deps.sequelize, matches, notifier: deps.notifier, settings: config.chat, clock: deps.clock, polls });
  const inbox = createInboxService({ sequelize: deps.sequelize, matches, notifier: deps.notifier, settings: config.chat, polls });

  const app = express();
  app.use(securityHeaders);
  app.disable('x-powered-by');
  // Never true: a number of hops or the proxies' addresses, so a client cannot choose its own req.ip.
  app.set('trust proxy', config.trustProxy);
  app.set('etag', false);
  app.use(express.json({ limit: config.bodyLimit, type: ['application/json', 'application/*+json'] }));
  const draining = deps.draining ?? new AbortController().signal;
  // A stopping server takes no more requests on a connection: answers say so, also those of
  // requests already in flight when it began, so the client's next request goes elsewhere.
  // One listener for all of them: EventTarget walks its listeners on every add and remove, so a
  // listener per request made each request cost as much as the requests held (10,000 held polls
  // in bench:inbox: tens of ms of CPU per request).
  const inFlight = new Set<express.Response>();
  const closing = (res: express.Response) => {
    if (!res.headersSent) res.set('Connection', 'close');
  };
  draining.addEventListener('abort', () => inFlight.forEach(closing), { once: true });
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (draining.aborted) closing(res);
    else {
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    }
    next();
  });
  // Not HAL: these negotiate their own media types.
  app.use(problemsRouter());
  app.use(openApiRouter({ photos: config.photos }));
  app.use(negotiate(HAL_TYPES));
  app.use(rootRouter({ auth }));
  app.use(healthRouter({ health }));
  app.use(accountsRouter({ auth, accounts }));
  app.use(profileRouter({ auth, profiles, accounts, snoozes: createSnoozeService({ sequelize: deps.sequelize, clock: deps.clock }), clock: deps.clock }));
  app.use(photosRouter({ auth, photos }));
  app.use(candidatesRouter({ auth, candidates, answers, photos }));
  app.use(matchesRouter({ auth, matches, photos }));
  app.use(messagesRouter({ auth, messages, matches, draining }));
  app.use(inboxRouter({ auth, inbox, matches, photos, draining }));
  app.use(reportsRouter({ auth, reports, photos }));
  app.use(blocksRouter({ auth, blocks, reports: reporting }));
  app.use(notFound);
  app.use(problemRenderer(deps.logger, config.bodyLimit));
  return app;
}
