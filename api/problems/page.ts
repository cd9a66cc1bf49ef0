import { PROBLEM_TYPES, type ProblemSlug } from '../http/problem-types.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A short page for people who follow a problem's `type`: no scripts, styles or anything fetched (the CSP allows none). */
export function problemHtml(slug: ProblemSlug): string {
  const { status, title, about } = PROBLEM_TYPES[slug];
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title)} — Friender API</title></head>`,
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>HTTP ${status}. ${escapeHtml(about)}</p>`,
    `<p>The Friender API sends problems as <code>application/problem+json</code> (RFC 9457) with this page's address as their <code>type</code>; <code>detail</code> says what happened to your request, <code>errors[]</code> names fields and <code>_links</code> shows a way forward.</p>`,
    '<p><a href="/">The API root</a></p>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function problemText(slug: ProblemSlug): string {
  const { status, title, about } = PROBLEM_TYPES[slug];
  return `${title} (HTTP ${status})\n\n${about}\n`;
}
