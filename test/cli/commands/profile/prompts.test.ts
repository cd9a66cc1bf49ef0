import { expect } from 'chai';
import { PROMPT_QUESTIONS } from '../../../../api/profile/prompts.js';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { answer, person, type TestUser } from '../../../helpers/factories.js';
import { Terminal } from '../../../helpers/pty.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('prompts and openers in the CLI', () => {
  let api: TestApi;
  let ana: TestUser;
  let terminal: Terminal | undefined;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  afterEach(() => terminal?.kill());
  beforeEach(async () => (ana = await person(api.url, 'ana', { zipCode: '10001' })));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, ana), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const prompts = async (who = ana) => (await call(api.url, 'GET', '/me', { token: who.token })).body.prompts;

  it('when --prompt is given, then the question is found by its first words and the list is replaced; profile show lists them', async () => {
    const result = await friender(['profile', 'edit', '--prompt', 'Teach me=how to bake bread', '--prompt', "let's go to...=the climbing gym"]);
    expect(result.code).to.equal(0);
    expect(await prompts()).to.deep.equal([
      { question: 'Teach me…', answer: 'how to bake bread' },
      { question: "Let's go to…", answer: 'the climbing gym' },
    ]);
    expect(result.stdout).to.include('  Prompts\n    Teach me… how to bake bread\n    Let\'s go to… the climbing gym\n');
    expect((await friender(['profile', 'show', '--json', 'prompts'])).stdout).to.include('"question": "Teach me…"');
    await friender(['profile', 'edit', '--prompt', 'Ask me about=knots']);
    expect(await prompts()).to.deep.equal([{ question: 'Ask me about…', answer: 'knots' }]);
  });

  it('when --no-prompts is given, then they are all removed', async () => {
    await friender(['profile', 'edit', '--prompt', 'Teach me=bread']);
    expect((await friender(['profile', 'edit', '--no-prompts'])).code).to.equal(0);
    expect(await prompts()).to.deep.equal([]);
  });

  it('when a --prompt is not one question, has no =, or comes with --no-prompts, then exit 2 listing the questions; nothing changes', async () => {
    await friender(['profile', 'edit', '--prompt', 'Teach me=bread']);
    const unknown = await friender(['profile', 'edit', '--prompt', 'Why=not']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.include('"Why" is not one of the questions; choose one of:\n  A perfect Saturday is…\n');
    const ambiguous = await friender(['profile', 'edit', '--prompt', 'A=b']);
    expect(ambiguous.stderr).to.include('matches more than one question');
    expect((await friender(['profile', 'edit', '--prompt', 'Teach me bread'])).code).to.equal(2);
    expect((await friender(['profile', 'edit', '--prompt', 'Teach me=x', '--no-prompts'])).code).to.equal(2);
    expect(await prompts()).to.deep.equal([{ question: 'Teach me…', answer: 'bread' }]);
  });

  it('when the API refuses an answer, then exit 1 naming the field and its flag', async () => {
    const result = await friender(['profile', 'edit', '--prompt', `Teach me=${'x'.repeat(151)}`]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('prompts.0.answer (--prompt): ');
  });

  it('when editing in the form, then each prompt is a question chosen from the options and a typed answer; Enter keeps them', async () => {
    // A birth date, once given, is not asked again; the age range and mutual radius are.
    const base = [
      { message: /^Email$/ }, { message: /^Bio/ }, { message: /^Hobbies/ }, { message: /^Interests/ }, { message: /^US ZIP code$/ }, { message: /^Friend radius/ },
      { message: /^Youngest age/ }, { message: /^Oldest age/ }, { message: /^Mutual radius/ }, { message: /^Read receipts/ },
    ];
    const result = await friender(['profile', 'edit'], {
      tty: true,
      answers: [
        ...base,
        { message: /^Prompts .* 1 of 3: Question$/, answer: 'Teach me…' },
        { message: /^Prompts .* 1 of 3: Your answer/, answer: '' },
        { message: /^Prompts .* 1 of 3: Your answer/, answer: '  how to whistle ' },
        { message: /^Prompts .* 2 of 3: Question$/, answer: 'Ask me about…' },
        { message: /^Prompts .* 2 of 3: Your answer/, answer: 'knots' },
        { message: /^Prompts .* 3 of 3: Question$/, answer: '(no more)' },
        { message: /^Add photos now\?$/, answer: false },
      ],
    });
    expect(result.code, result.stderr).to.equal(0);
    const asked = result.prompter.asked.filter((a) => a.kind === 'select');
    expect(asked.map((a) => a.default)).to.deep.equal(['', '', '']);
    expect(result.prompter.asked.find((a) => /1 of 3: Your answer/.test(a.message))!.refused).to.deep.equal(['may not be empty']);
    expect(await prompts()).to.deep.equal([
      { question: 'Teach me…', answer: 'how to whistle' },
      { question: 'Ask me about…', answer: 'knots' },
    ]);

    const again = await friender(['profile', 'edit'], {
      tty: true,
      answers: [...base, { message: /1 of 3: Question$/ }, { message: /1 of 3: Your answer/ }, { message: /2 of 3: Question$/ }, { message: /2 of 3: Your answer/ }, { message: /3 of 3: Question$/ }],
    });
    expect(again.stderr, again.stderr).to.include('Nothing changed.');
    expect(again.prompter.asked.filter((a) => a.kind === 'select').map((a) => a.default)).to.deep.equal(['Teach me…', 'Ask me about…', '']);
  });

  it('when candidates are listed or swiped, then their prompts show on the card', async () => {
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await call(api.url, 'PATCH', '/me', { token: ben.token, json: { prompts: [{ question: PROMPT_QUESTIONS[0], answer: 'a long hike' }] } });
    expect((await friender(['candidates'])).stdout).to.match(/^ben, .*\n {4}A perfect Saturday is… a long hike\n$/);
    const t = (terminal = new Terminal(['swipe'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t.waitFor(/^A perfect Saturday is… a long hike/m);
    t.press('q');
    expect(await t.exited).to.equal(0);
  });

  it('when a new match has not written yet, then messages and chat show the suggested opener as a hint and send nothing', async () => {
    const ben = await person(api.url, 'ben', { zipCode: '10002' });
    await answer(api.url, ana, 'ben', 'like');
    const href = (await answer(api.url, ben, 'ana', 'like')).body._links.match.href as string;
    const opener = 'Need an opener? You both love hiking! How did you get into it?';
    const listed = await friender(['messages', 'ben']);
    expect(listed.stderr).to.include(`${opener}\n`);
    const t = (terminal = new Terminal(['chat', 'ben'], { FRIENDER_API_URL: api.url, FRIENDER_TOKEN: ana.token }));
    await t.waitFor(/Need an opener\? You both love hiking!/);
    await t.waitFor(/^> $/m);
    t.press('/quit\r');
    expect(await t.exited).to.equal(0);
    expect((await call(api.url, 'GET', `${href}/messages`, { token: ben.token })).body.count, 'nothing was sent').to.equal(0);
  });
});
