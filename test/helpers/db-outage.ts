import { expect } from 'chai';
import { signal } from '../../api/runtime/processes.js';
import type { ApiProcess } from './api-process.js';
import { call, type Reply } from './http.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests from a few clients at once, all the time, until stopped: every answer is kept. */
export function traffic(base: string, token: string, clients = 3) {
  const replies: Reply[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async () => {
    while (running) {
      replies.push(await call(base, 'GET', '/me', { token }).catch((err: Error) => ({ status: 0, text: err.message }) as Reply));
      await sleep(20);
    }
  });
  return {
    replies,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * Kills the database under a serving API; resolves with the milliseconds until the API answered 200 again.
 * `justBefore` runs after the traffic has started, and the kill follows the moment it resolves.
 */
export async function killAndTimeRecovery(
  api: ApiProcess,
  pid: number,
  token: string,
  justBefore: () => Promise<void> = async () => {},
): Promise<{ ms: number; replies: Reply[]; killedAt: number }> {
  const load = traffic(api.base, token);
  await sleep(200);
  await justBefore();
  const killedAt = Date.now();
  signal(pid, 'SIGKILL');
  await sleep(100);
  for (;;) {
    const reply = await call(api.base, 'GET', '/me', { token });
    if (reply.status === 200) break;
    if (Date.now() - killedAt > 30_000) throw new Error(`still ${reply.status} 30 s after the kill:\n${api.output()}`);
    await sleep(50);
  }
  const ms = Date.now() - killedAt;
  await load.stop();
  return { ms, replies: load.replies, killedAt };
}

/** What a client may meet while the database is away: a 503 problem saying when to retry, never a 500. */
export function expectDatabaseUnavailable(reply: Reply): void {
  expect(reply.status, reply.text).to.equal(503);
  expect(reply.contentType).to.match(/^application\/problem\+json/);
  expect(reply.headers.get('retry-after')).to.match(/^\d+$/);
  expect(reply.body).to.include({ status: 503, title: 'Database unavailable' });
}

export function expectOnly503sWhileDown(replies: Reply[]): void {
  expect(replies.filter((r) => r.status !== 200 && r.status !== 503).map((r) => `${r.status} ${r.text}`), 'every answer is a 200 or a 503').to.deep.equal([]);
  const unavailable = replies.filter((r) => r.status === 503);
  expect(unavailable.length, 'some requests met the outage').to.be.greaterThan(0);
  for (const reply of unavailable) expectDatabaseUnavailable(reply);
}
