import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { addPhotos, person, type TestUser } from '../../helpers/factories.js';
import { jpeg } from '../../helpers/images.js';
import { fileReport, makeModerator, moderationLog } from '../../helpers/reports.js';

describe('reports (moderators): the open queue, dismiss and suspend', () => {
  let api: TestApi;
  let mod: TestUser;
  let ana: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    mod = await person(api.url, 'mod_mia', { zipCode: '60601' });
    await makeModerator('mod_mia');
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    await person(api.url, 'spammer', { zipCode: '10002' });
    await person(api.url, 'troll', { zipCode: '10002' });
  });
  const get = (who: TestUser, path: string) => call(api.url, 'GET', path, { token: who.token });
  const post = (who: TestUser, path: string, json: unknown) => call(api.url, 'POST', path, { token: who.token, json });

  it('when a moderator opens the root, then it links reports; for anyone else it does not, and /reports is 403 moderators-only', async () => {
    expect((await get(mod, '/')).body._links.reports).to.deep.equal({ href: '/reports' });
    expect((await get(ana, '/')).body._links).not.to.have.property('reports');
    const id = await fileReport('ana', 'spammer');
    for (const reply of [await get(ana, '/reports'), await get(ana, `/reports/${id}`), await get(ana, '/reports?after=junk'), await post(ana, `/reports/${id}/suspend`, { note: 'x' })]) {
      expect(reply.status).to.equal(403);
      expect(reply.body.type).to.match(/\/problems\/moderators-only$/);
    }
    expect((await get(mod, `/reports/${id}`)).body.status, 'nothing was resolved').to.equal('open');
    expect((await call(api.url, 'GET', '/reports')).status, 'anonymous').to.equal(401);
  });

  it('when there are open reports, then they come oldest first, paged with next, each with evidence, the count of other open ones and both templates', async () => {
    const first = await fileReport('ana', 'spammer', { createdAt: '2026-11-01T10:00:00Z', details: 'sells followers' });
    // Two at the same instant: the id breaks the tie, so a page boundary never loses or repeats one.
    const [a, b] = [await fileReport('troll', 'spammer', { createdAt: '2026-11-02T10:00:00Z' }), await fileReport('spammer', 'troll', { createdAt: '2026-11-02T10:00:00Z', reason: 'harassment' })].sort();
    const resolved = await fileReport('ana', 'troll', { createdAt: '2026-10-01T10:00:00Z' });
    await post(mod, `/reports/${resolved}/dismiss`, { note: 'old news' });

    const page1 = await get(mod, '/reports?limit=2');
    expect(page1.status).to.equal(200);
    expect(page1.body._embedded.reports.map((r: { id: string }) => r.id)).to.deep.equal([first, a]);
    const report = page1.body._embedded.reports[0];
    expect(report).to.deep.include({ status: 'open', reason: 'spam', details: 'sells followers', createdAt: '2026-11-01T10:00:00.000Z', reporter: 'ana', reported: 'spammer', otherOpenReports: 1 });
    expect(report.evidence.messages[0]).to.deep.equal({ from: 'spammer', body: 'send me your bank details', sentAt: '2026-11-20T10:00:00.000Z' });
    expect(report._links.self).to.deep.equal({ href: `/reports/${first}` });
    for (const name of ['dismiss', 'suspend']) {
      expect(report._templates[name]).to.deep.include({ method: 'POST', target: `/reports/${first}/${name}`, contentType: 'application/json' });
      expect(report._templates[name].properties).to.deep.equal([{ name: 'note', prompt: 'Why (kept in the moderation log)', required: true, type: 'textarea', minLength: 1, maxLength: 1000 }]);
    }
    const page2 = await get(mod, page1.body._links.next.href);
    expect(page2.body._embedded.reports.map((r: { id: string }) => r.id)).to.deep.equal([b]);
    expect(page2.body._links).not.to.have.property('next');
    expect((await get(mod, '/reports?after=bm90LWEtY3Vyc29y')).body.errors).to.deep.equal([{ field: 'after', message: 'is not a cursor this API gave out; follow the next link' }]);
    expect((await get(mod, '/reports?limit=0')).status).to.equal(422);
  });

  it('when a moderator dismisses a report, then it leaves the queue, keeps who/when/why, is logged, and a second resolve is 409', async () => {
    const id = await fileReport('ana', 'spammer');
    const reply = await post(mod, `/reports/${id}/dismiss`, { note: '  a joke between friends  ' });
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.include({ status: 'dismissed', resolvedBy: 'mod_mia', note: 'a joke between friends', alsoResolved: 0 });
    expect(reply.body).not.to.have.property('_templates');
    expect((await get(mod, '/reports')).body._embedded.reports).to.deep.equal([]);
    expect(await moderationLog()).to.deep.equal([{ actor: 'mod_mia', action: 'dismiss', subject: 'spammer', note: 'a joke between friends', report_id: id }]);
    const again = await post(mod, `/reports/${id}/suspend`, { note: 'changed my mind' });
    expect(again.status).to.equal(409);
    expect(again.body.type).to.match(/\/problems\/report-resolved$/);
    expect((await get(ana, '/me')).status, 'the reported person was not touched').to.equal(200);
  });

  it('when the note is missing, blank, too long or holds terminal escapes or hidden characters, then 422 names note and nothing is resolved; an unknown report is 404', async () => {
    const id = await fileReport('ana', 'spammer');
    const hostile = [{ note: 'fine\u001b[2J' }, { note: 'ok\u202e' }, { note: '\u200bok' }];
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(1001) }, { note: 'ok', extra: 1 }, ...hostile]) {
      const reply = await post(mod, `/reports/${id}/suspend`, body);
      expect(reply.status, JSON.stringify(body)).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.include('extra' in body ? 'extra' : 'note');
    }
    expect((await get(mod, `/reports/${id}`)).body.status).to.equal('open');
    for (const path of ['/reports/00000000-0000-4000-8000-000000000000', '/reports/not-an-id']) {
      expect((await get(mod, path)).status).to.equal(404);
      expect((await post(mod, `${path}/dismiss`, { note: 'x' })).status).to.equal(404);
    }
  });

  it('when two moderators resolve the same report at once, then exactly one wins and the other is told it is resolved', async () => {
    const other = await person(api.url, 'mod_max', { zipCode: '60601' });
    await makeModerator('mod_max');
    // Several rounds, each about someone new: a suspension and a dismissal of one report take
    // locks in different orders, so a single round could pass by luck.
    for (let round = 0; round < 6; round += 1) {
      await person(api.url, `target_${round}`, { zipCode: '10002' });
      const id = await fileReport('ana', `target_${round}`);
      const replies = await Promise.all([
        post(mod, `/reports/${id}/suspend`, { note: 'mia: spam' }),
        post(other, `/reports/${id}/dismiss`, { note: 'max: fine' }),
        post(other, `/reports/${id}/suspend`, { note: 'max: spam' }),
        post(mod, `/reports/${id}/dismiss`, { note: 'mia: fine' }),
      ]);
      expect(replies.map((r) => r.status).sort(), `round ${round}`).to.deep.equal([200, 409, 409, 409]);
      const winner = replies.find((r) => r.status === 200)!.body;
      expect(await moderationLog()).to.have.length(round + 1);
      expect((await get(mod, `/reports/${id}`)).body).to.deep.include({ status: winner.status, note: winner.note });
    }
  });

  it('when two reports about one person are suspended at once through each, then one suspension happens and the other is 409, never a deadlock', async () => {
    const ids = await Promise.all([fileReport('ana', 'spammer'), fileReport('troll', 'spammer')]);
    const replies = await Promise.all(ids.map((id, i) => post(mod, `/reports/${id}/suspend`, { note: `via ${i}` })));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    expect(replies.find((r) => r.status === 200)!.body.alsoResolved).to.equal(1);
    expect((await moderationLog()).map((l) => l.action)).to.deep.equal(['suspend']);
  });

  it('when a report is about the moderator, then it has no templates and resolving it is 403', async () => {
    const id = await fileReport('ana', 'mod_mia');
    const report = (await get(mod, `/reports/${id}`)).body;
    expect(report).not.to.have.property('_templates');
    expect((await post(mod, `/reports/${id}/dismiss`, { note: 'not me' })).status).to.equal(403);
    expect((await get(mod, `/reports/${id}`)).body.status).to.equal('open');
  });

  it('when the reported account was deleted, then only dismiss is offered and suspend is 409 account-gone', async () => {
    const gone = await person(api.url, 'gone_guy', { zipCode: '10002' });
    const id = await fileReport('ana', 'gone_guy');
    expect((await call(api.url, 'DELETE', '/me', { token: gone.token, json: { password: gone.password } })).status).to.equal(204);
    const report = (await get(mod, `/reports/${id}`)).body;
    expect(report).to.deep.include({ reported: 'gone_guy', reportedAccount: 'deleted' });
    expect(Object.keys(report._templates)).to.deep.equal(['dismiss']);
    const reply = await post(mod, `/reports/${id}/suspend`, { note: 'x' });
    expect([reply.status, reply.body.type.split('/').pop()]).to.deep.equal([409, 'account-gone']);
  });

  it('when the evidence shows photos, then the moderator gets short-lived links to those that still exist, and none of anyone else', async () => {
    const spammer = (await call(api.url, 'POST', '/sessions', { json: { username: 'spammer', password: 'correct horse battery' } })).body.token as string;
    const [kept, removed] = await addPhotos(api.url, spammer, [await jpeg(), await jpeg(32, 32)]);
    const [anasOwn] = await addPhotos(api.url, ana.token, [await jpeg()]);
    const id = await fileReport('ana', 'spammer', { evidence: { profile: { username: 'spammer', _embedded: { photos: [{ _links: { self: { href: `/candidates/spammer/photos/${kept}` } } }, { id: removed }, { id: anasOwn }] } }, messages: [] } });
    expect((await call(api.url, 'DELETE', `/me/photos/${removed}`, { token: spammer })).status).to.equal(204);
    const report = (await get(mod, `/reports/${id}`)).body;
    expect(report._embedded.photos.map((p: { id: string }) => p.id)).to.deep.equal([kept]);
    const image = await fetch(report._embedded.photos[0]._links.image.href);
    expect(image.status).to.equal(200);
  });
});
