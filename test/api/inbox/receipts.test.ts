import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { person, type TestUser } from '../../helpers/factories.js';
import { inboxSteps } from './steps.js';

describe('read receipts', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  let href: string;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002' });
    href = await steps.match(ana, ben);
  });
  const steps = inboxSteps(() => api.url);
  const { get, from, take, send } = steps;
  const receipts = (who: TestUser, on: boolean) => call(api.url, 'PATCH', '/me', { token: who.token, json: { readReceipts: on } });
  const reads = async (who: TestUser, cursor: string) => (await take(who, cursor)).events.filter((e) => e.type === 'read');

  it('when the profile is read, then readReceipts is on by default and the edit offers it as a checkbox', async () => {
    const me = (await get(ana, '/me')).body;
    expect(me.readReceipts).to.equal(true);
    const field = me._templates.edit.properties.find((p: { name: string }) => p.name === 'readReceipts');
    expect(field).to.deep.include({ name: 'readReceipts', type: 'checkbox', value: true });
    const off = await receipts(ana, false);
    expect(off.status).to.equal(200);
    expect(off.body.readReceipts).to.equal(false);
    expect((await call(api.url, 'PATCH', '/me', { token: ana.token, json: { readReceipts: 'no' } })).body.errors[0].field).to.equal('readReceipts');
  });

  it('when both have them on, then reading sends a read event to the other side and their messages page shows readUpTo — both ways, once per move', async () => {
    const anaFrom = await from(ana);
    const benFrom = await from(ben);
    await send(ana, href, 'one');
    const two = (await send(ana, href, 'two')).body.id as number;
    expect((await get(ana, `${href}/messages`)).body).not.to.have.property('readUpTo');
    await get(ben, `${href}/messages`);
    await get(ben, `${href}/messages`); // read again: nothing moved, no second event
    const seen = await reads(ana, anaFrom);
    expect(seen.map((e) => [e.readUpTo, e.matchId, e._links.messages!.href])).to.deep.equal([[two, href.split('/').pop(), `${href}/messages`]]);
    expect((await get(ana, `${href}/messages`)).body.readUpTo).to.equal(two);
    // The other way, through a poll.
    const reply = (await send(ben, href, 'three')).body.id as number;
    const page = await get(ana, `${href}/messages?after=${two}&wait=0`);
    expect(page.body._embedded.messages.map((m: { id: number }) => m.id)).to.deep.equal([reply]);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a poll marks read after it answers
    expect((await reads(ben, benFrom)).map((e) => e.readUpTo)).to.deep.equal([reply]);
    expect((await get(ben, `${href}/messages`)).body.readUpTo).to.equal(reply);
  });

  for (const off of ['reader', 'sender'] as const) {
    it(`when the ${off} has turned them off, then no read event and no readUpTo on either side (fair both ways)`, async () => {
      await receipts(off === 'reader' ? ben : ana, false);
      const anaFrom = await from(ana);
      const benFrom = await from(ben);
      await send(ana, href, 'seen?');
      await get(ben, `${href}/messages`);
      await send(ben, href, 'and you?');
      await get(ana, `${href}/messages`);
      expect(await reads(ana, anaFrom)).to.deep.equal([]);
      expect(await reads(ben, benFrom)).to.deep.equal([]);
      expect((await get(ana, `${href}/messages`)).body).not.to.have.property('readUpTo');
      expect((await get(ben, `${href}/messages`)).body).not.to.have.property('readUpTo');
      // Back on: what was read shows again, and reading on sends events again.
      await receipts(off === 'reader' ? ben : ana, true);
      const again = (await send(ana, href, 'now?')).body.id as number;
      await get(ben, `${href}/messages`);
      expect((await reads(ana, anaFrom)).map((e) => e.readUpTo)).to.deep.equal([again]);
      expect((await get(ana, `${href}/messages`)).body.readUpTo).to.equal(again);
    });
  }
});
