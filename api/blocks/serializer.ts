import { template, type HalDocument, type Template } from '../http/hal.js';
import type { Report } from './report.js';
import { reportSchema } from './schemas.js';
import type { BlockPage, Blocked } from './service.js';

export const blockPath = (username: string) => `/me/blocks/${encodeURIComponent(username)}`;
export const reportPath = (id: string) => `/me/reports/${id}`;

/** `block` and `report`, beside each other on every card the viewer may act on (candidate, match, match user). */
export function safetyTemplates(username: string): { block: Template; report: Template } {
  return {
    block: template(`Block ${username}`, 'PUT', blockPath(username)),
    report: template(`Report ${username} (also blocks them)`, 'POST', `${blockPath(username)}/report`, reportSchema),
  };
}

export function serializeBlock(block: Blocked): HalDocument {
  const self = blockPath(block.username);
  return {
    username: block.username,
    createdAt: block.createdAt.toISOString(),
    _links: { self: { href: self } },
    _templates: { unblock: template(`Unblock ${block.username}`, 'DELETE', self) },
  };
}

const pageHref = (after?: string) => (after ? `/me/blocks?after=${encodeURIComponent(after)}` : '/me/blocks');

export function serializeBlocks(page: BlockPage, after?: string): HalDocument {
  return {
    count: page.blocks.length,
    _links: {
      self: { href: pageHref(after) },
      ...(page.next ? { next: { href: pageHref(page.next) } } : {}),
      // One of your blocks by name (RFC 6570): 404 unless you blocked them.
      block: { href: '/me/blocks/{username}', templated: true },
    },
    _embedded: { blocks: page.blocks.map(serializeBlock) },
  };
}

export function serializeReport(report: Report): HalDocument {
  return {
    id: report.id,
    username: report.username,
    reason: report.reason,
    details: report.details,
    createdAt: report.createdAt.toISOString(),
    blocked: true,
    _links: { self: { href: reportPath(report.id) }, block: { href: blockPath(report.username) }, blocks: { href: '/me/blocks' } },
  };
}
