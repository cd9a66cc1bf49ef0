import type { RequestHandler } from 'express';
import { problems } from './problems.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The media type this answer goes out as, chosen from the request's Accept (negotiate). */
      mediaType?: string;
    }
  }
}

/**
 * What a resource can be sent as, best first: no Accept or * / * gets the first. The same HAL
 * body is labelled as HAL-FORMS for clients that ask for it (its templates are HAL-FORMS), and as
 * plain JSON for those that only read that.
 */
export const HAL_TYPES = ['application/hal+json', 'application/prs.hal-forms+json', 'application/json'] as const;

/**
 * Chooses the answer's media type before any work is done, so a request whose Accept allows
 * none of `offered` is a 406 that changed nothing. Problems are problem+json whatever Accept says
 * (RFC 9110 lets an error be sent in a type the client did not ask for).
 */
export function negotiate(offered: readonly string[]): RequestHandler {
  return (req, res, next) => {
    // OPTIONS only says which methods a route takes; its 204 has no body to negotiate.
    if (req.method === 'OPTIONS') return next();
    res.vary('Accept');
    const chosen = req.accepts([...offered]);
    if (!chosen) throw problems.notAcceptable(offered);
    res.locals.mediaType = chosen;
    next();
  };
}
