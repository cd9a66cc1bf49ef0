import type { RequestHandler } from 'express';

/**
 * Sent with every answer, errors included. The API serves JSON only, never a page: nothing it
 * sends may be sniffed into HTML, framed, embedded by another site, run scripts or leak its URL
 * (a presigned photo address, a cursor) to a link's target.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** First in the app, so even a body the parser refuses, a 404 or a 405 carries them. */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set(SECURITY_HEADERS);
  next();
};
