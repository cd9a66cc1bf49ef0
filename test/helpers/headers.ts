import { expect } from 'chai';

/** The headers every answer carries, whoever wrote it (Express or the raw socket); `get` reads one by lower-case name. */
export function expectSecurityHeaders(get: (name: string) => string | null | undefined, what: string): void {
  expect(get('x-content-type-options'), what).to.equal('nosniff');
  expect(get('referrer-policy'), what).to.equal('no-referrer');
  expect(get('content-security-policy'), what).to.equal("default-src 'none'; frame-ancestors 'none'");
  expect(get('x-frame-options'), what).to.equal('DENY');
  expect(get('cross-origin-resource-policy'), what).to.equal('same-origin');
}
