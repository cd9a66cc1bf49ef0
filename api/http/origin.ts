import type { Request } from 'express';

// A host name or IPv4 address, or a bracketed IPv6 one, and a port: nothing that could carry a path or userinfo.
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The API's origin as this client addressed it (scheme, host and port), for URIs that must be
 * absolute. req.protocol and req.host honour X-Forwarded-Proto/-Host only from the proxies
 * TRUST_PROXY names. A Host that is not a host (or none, from HTTP/1.0) gives '' — a path then.
 */
export function originOf(req: Request): string {
  const host = req.host;
  if (!host || !HOST.test(host)) return '';
  try {
    return new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return '';
  }
}
