import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { createNotifier, type Notifier } from '../../../api/messages/notifier.js';
import { services } from '../../helpers/services.js';
import { until } from '../../helpers/until.js';


const USER = '11111111-1111-4111-8111-111111111111';

describe('notifier: the newest event seq a process has heard of', () => {
  let notifier: Notifier;
  const notify = (payload: string) => services.get().sequelize.query('SELECT pg_notify($1, $2)', { bind: ['friender_events', payload] });
  beforeEach(async () => (notifier = await createNotifier(services.get().databaseUrl)));
  afterEach(() => notifier.close());

  it('when nothing was heard for a user, then it knows nothing (a poll must ask the database)', () => {
    expect(notifier.latestSeq(USER)).to.equal(undefined);
  });

  it('when events are notified, then it knows the newest seq, never going back', async () => {
    await notify(`${USER}:7`);
    await until(() => notifier.latestSeq(USER) === 7);
    await notify(`${USER}:5`);
    await notify(`${USER}:8`);
    await until(() => notifier.latestSeq(USER) === 8);
  });

  it('when a query learned a seq in the current epoch, then it is kept; from a stale epoch, it is ignored', async () => {
    const before = notifier.epoch();
    notifier.learn(USER, 3, before);
    expect(notifier.latestSeq(USER)).to.equal(3);
    notifier.learn(USER, 2, before);
    expect(notifier.latestSeq(USER)).to.equal(3);
    notifier.learn(USER, 9, before - 1);
    expect(notifier.latestSeq(USER)).to.equal(3);
  });

  it('when the listening connection is lost, then everything heard is forgotten (notifications may have been missed) and a query begun before cannot teach it', async () => {
    await notify(`${USER}:4`);
    await until(() => notifier.latestSeq(USER) === 4);
    const before = notifier.epoch();
    const [{ pid }] = await services.get().sequelize.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'friender-listen' AND state = 'idle' ORDER BY backend_start DESC LIMIT 1",
      { type: QueryTypes.SELECT },
    ) as [{ pid: number }];
    await services.get().sequelize.query('SELECT pg_terminate_backend($1)', { bind: [pid] });
    await until(() => notifier.epoch() > before);
    expect(notifier.latestSeq(USER)).to.equal(undefined);
    notifier.learn(USER, 4, before);
    expect(notifier.latestSeq(USER)).to.equal(undefined);
    // Listening again: what is heard from now on counts.
    await until(() => {
      void notify(`${USER}:6`);
      return notifier.latestSeq(USER) === 6;
    });
  });

  it('when closed, then it knows nothing', async () => {
    await notify(`${USER}:2`);
    await until(() => notifier.latestSeq(USER) === 2);
    await notifier.close();
    expect(notifier.latestSeq(USER)).to.equal(undefined);
  });
});
