import { expect } from 'chai';
import { PROMPT_QUESTIONS } from '../../../api/profile/prompts.js';
import { startTestApi, type TestApi } from '../../helpers/api.js';
import { call } from '../../helpers/http.js';
import { answer, person, type TestUser } from '../../helpers/factories.js';

const bread = { question: 'Teach me…', answer: 'how to bake bread' };
const saturday = { question: 'A perfect Saturday is…', answer: 'a long hike and a diner breakfast' };

describe('prompts: up to three questions from a fixed list, on the profile and on cards', () => {
  let api: TestApi;
  let ana: TestUser;
  let ben: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    ana = await person(api.url, 'ana', { zipCode: '10001' });
    ben = await person(api.url, 'ben', { zipCode: '10002', hobbies: ['chess'], interests: ['film'] });
  });

  const edit = (json: unknown, who = ana) => call(api.url, 'PATCH', '/me', { token: who.token, json });

  it('when none are set, then me shows an empty list, and the edit template offers the questions as options', async () => {
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body.prompts).to.deep.equal([]);
    const prop = me.body._templates.edit.properties.find((p: { name: string }) => p.name === 'prompts');
    expect(prop).to.deep.include({ multiple: true, maxItems: 3, required: false, value: [] });
    expect(prop.properties).to.deep.equal([
      { name: 'question', required: true, type: 'text', prompt: 'Question', options: { inline: [...PROMPT_QUESTIONS], minItems: 1, maxItems: 1 } },
      { name: 'answer', required: true, type: 'text', prompt: 'Your answer (up to 150 characters)', minLength: 1, maxLength: 150 },
    ]);
  });

  it('when set, then answers are trimmed, shown on me (and as the edit value), and replace the list as a whole', async () => {
    const reply = await edit({ prompts: [{ question: bread.question, answer: `  ${bread.answer}\t` }, saturday] });
    expect(reply.status).to.equal(200);
    expect(reply.body.prompts).to.deep.equal([bread, saturday]);
    const me = await call(api.url, 'GET', '/me', { token: ana.token });
    expect(me.body.prompts).to.deep.equal([bread, saturday]);
    expect(me.body._templates.edit.properties.find((p: { name: string }) => p.name === 'prompts').value).to.deep.equal([bread, saturday]);
    expect((await edit({ prompts: [saturday] })).body.prompts).to.deep.equal([saturday]);
    expect((await edit({ bio: 'hi' })).body.prompts, 'untouched by other edits').to.deep.equal([saturday]);
    expect((await edit({ prompts: [] })).body.prompts, 'cleared').to.deep.equal([]);
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a question not on the list', [{ question: 'What is love?', answer: 'x' }], 'prompts.0.question'],
    ['the same question twice', [bread, { ...bread, answer: 'knots' }], 'prompts.1.question'],
    ['four prompts', PROMPT_QUESTIONS.slice(0, 4).map((question) => ({ question, answer: 'x' })), 'prompts'],
    ['an empty answer', [{ question: bread.question, answer: '   ' }], 'prompts.0.answer'],
    ['a 151-character answer', [{ question: bread.question, answer: 'x'.repeat(151) }], 'prompts.0.answer'],
    ['a control character', [{ question: bread.question, answer: 'red\u001b[31m' }], 'prompts.0.answer'],
    ['an invisible character', [{ question: bread.question, answer: 'che\u200bss' }], 'prompts.0.answer'],
    ['half a surrogate pair', [{ question: bread.question, answer: 'x\ud800' }], 'prompts.0.answer'],
    ['no answer', [{ question: bread.question }], 'prompts.0.answer'],
    ['another field', [{ ...bread, likes: 3 }], 'prompts.0.likes'],
    ['a string', 'Teach me…=bread', 'prompts'],
  ];
  for (const [what, prompts, field] of invalid) {
    it(`when given ${what}, then 422 naming ${field} and nothing is saved`, async () => {
      await edit({ prompts: [saturday] });
      const reply = await edit({ prompts, bio: 'changed' });
      expect(reply.status).to.equal(422);
      expect(reply.body.errors.map((e: { field: string }) => e.field)).to.deep.equal([field]);
      const me = await call(api.url, 'GET', '/me', { token: ana.token });
      expect([me.body.prompts, me.body.bio]).to.deep.equal([[saturday], 'Board games and long walks.']);
    });
  }

  it('when someone has prompts, then their candidate card and their card as a match show them', async () => {
    await edit({ prompts: [bread] }, ben);
    const page = await call(api.url, 'GET', '/candidates', { token: ana.token });
    expect(page.body._embedded.candidates[0]).to.deep.include({ username: 'ben', prompts: [bread] });
    expect((await call(api.url, 'GET', '/candidates/ben', { token: ana.token })).body.prompts).to.deep.equal([bread]);
    await answer(api.url, ana, 'ben', 'like');
    const made = await answer(api.url, ben, 'ana', 'like');
    const match = await call(api.url, 'GET', made.body._links.match.href, { token: ana.token });
    expect(match.body._embedded.user.prompts).to.deep.equal([bread]);
    expect((await call(api.url, 'GET', `${made.body._links.match.href}/user`, { token: ana.token })).body.prompts).to.deep.equal([bread]);
  });

  describe('a suggested first line', () => {
    const matchOf = async (a: TestUser, b: TestUser, bName: string, aName: string) => {
      await answer(api.url, a, bName, 'like');
      return (await answer(api.url, b, aName, 'like')).body._links.match.href as string;
    };

    it('when a new match shares a tag, then the match and its empty first page suggest a line from it, the same each time, for each side', async () => {
      const cal = await person(api.url, 'cal', { zipCode: '10003', hobbies: ['board games', 'chess'] });
      const href = await matchOf(ana, cal, 'cal', 'ana');
      const line = 'You both love board games! How did you get into it?';
      for (const who of [ana, cal]) {
        expect((await call(api.url, 'GET', href, { token: who.token })).body.suggestion).to.equal(line);
        const page = await call(api.url, 'GET', `${href}/messages`, { token: who.token });
        expect([page.body.count, page.body.suggestion]).to.deep.equal([0, line]);
      }
      const list = await call(api.url, 'GET', '/matches', { token: ana.token });
      expect(list.body._embedded.matches[0].suggestion).to.equal(line);
    });

    it('when nothing is shared, then the line comes from the other person\'s first prompt; with neither there is none', async () => {
      await edit({ prompts: [bread, saturday] }, ben);
      const href = await matchOf(ana, ben, 'ben', 'ana');
      expect((await call(api.url, 'GET', href, { token: ana.token })).body.suggestion).to.equal('"Teach me how to bake bread" — tell me more!');
      const bens = await call(api.url, 'GET', href, { token: ben.token });
      expect(bens.body, 'ana has no prompt and shares nothing with ben').to.not.have.property('suggestion');
    });

    it('when the first message is sent, then the suggestion is gone; it was never sent by itself', async () => {
      await edit({ prompts: [bread] }, ben);
      const href = await matchOf(ana, ben, 'ben', 'ana');
      const page = await call(api.url, 'GET', `${href}/messages`, { token: ana.token });
      expect(page.body.suggestion).to.be.a('string');
      expect(page.body.count, 'nothing sent').to.equal(0);
      await call(api.url, 'POST', `${href}/messages`, { token: ben.token, json: { body: 'hello' } });
      expect((await call(api.url, 'GET', href, { token: ana.token })).body).to.not.have.property('suggestion');
      const after = await call(api.url, 'GET', `${href}/messages`, { token: ana.token });
      expect(after.body).to.not.have.property('suggestion');
      expect(after.body._embedded.messages.map((m: { body: string }) => m.body)).to.deep.equal(['hello']);
    });
  });
});
