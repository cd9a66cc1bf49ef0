import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { BIRTH_DATE, signup, signupComplete, type TestUser } from '../../../helpers/factories.js';
import { services } from '../../../helpers/services.js';
import { ageOn } from '../../../../api/accounts/schemas.js';
import { ANSI, cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender profile show', () => {
  let api: TestApi;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  const friender = (argv: string[], options: CliOptions = {}) => cli(argv, { ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const today = () => new Date().toISOString().slice(0, 10);

  it('when the profile is new, then prints a summary that says what is missing and which flags fill it', async () => {
    const user = await signup(api.url);
    const result = await friender(['profile', 'show'], { store: storeWith(api.url, user) });
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('');
    expect(result.stdout).to.equal(
      [
        `${user.username} <${user.email}>`,
        '  Bio        —',
        '  Hobbies    —',
        '  Interests  —',
        '  ZIP code   —',
        '  Radius     —',
        `  Age        ${ageOn(BIRTH_DATE, today())} (born ${BIRTH_DATE})`,
        '  Age range  18–99',
        '  Mutual     off',
        `  Joined     ${today()}`,
        '',
        'Incomplete: missing hobbies, interests, ZIP code, friend radius.',
        'Fill them in with `friender profile edit` (or --hobbies, --interests, --zip, --radius).',
        '',
      ].join('\n'),
    );
  });

  it('when the profile is complete, then prints every field and says it can swipe', async () => {
    const user = await signupComplete(api.url);
    const result = await friender(['profile', 'show'], { store: storeWith(api.url, user) });
    expect(result.stdout).to.equal(
      [
        `${user.username} <${user.email}>`,
        '  Bio        Board games and long walks.',
        '  Hobbies    hiking, board games',
        '  Interests  jazz, cooking',
        '  ZIP code   10001',
        '  Radius     25 miles',
        `  Age        ${ageOn(BIRTH_DATE, today())} (born ${BIRTH_DATE})`,
        '  Age range  18–99',
        '  Mutual     off',
        `  Joined     ${today()}`,
        '',
        'Complete: you can swipe.',
        '',
      ].join('\n'),
    );
  });

  it('when --json is given, then prints the profile fields without links or templates', async () => {
    const user = await signupComplete(api.url);
    const result = await friender(['profile', 'show', '--json'], { store: storeWith(api.url, user) });
    const body = JSON.parse(result.stdout);
    expect(Object.keys(body)).to.deep.equal([
      'username', 'email', 'bio', 'hobbies', 'interests', 'zipCode', 'friendRadius', 'birthDate', 'age', 'minAge', 'maxAge', 'mutualRadius', 'readReceipts', 'complete', 'missing', 'prompts', 'snoozed', 'snoozedUntil', 'createdAt',
    ]);
    expect(body).to.deep.include({ username: user.username, hobbies: ['hiking', 'board games'], zipCode: '10001', friendRadius: 25, complete: true, missing: [] });
    expect(body).to.deep.include({ birthDate: BIRTH_DATE, age: ageOn(BIRTH_DATE, today()), minAge: 18, maxAge: 99, mutualRadius: false });
  });

  it('when the age range and mutual radius are set, then shows them', async () => {
    const user = await signupComplete(api.url, {}, { minAge: 30, maxAge: 45, mutualRadius: true });
    const result = await friender(['profile', 'show'], { store: storeWith(api.url, user) });
    expect(result.stdout).to.include('\n  Age range  30–45\n  Mutual     on: only people whose own radius and age range reach you too\n');
  });

  it('when an account has no birth date yet, then the summary says it is missing and names --birth-date', async () => {
    const user = await signupComplete(api.url);
    await services.get().sequelize.query('UPDATE users SET birth_date = NULL WHERE username = $1', { bind: [user.username] });
    const result = await friender(['profile', 'show'], { store: storeWith(api.url, user) });
    expect(result.stdout).to.include('\n  Age        —\n');
    expect(result.stdout).to.include('Incomplete: missing birth date.\nFill it in with `friender profile edit` (or --birth-date).\n');
  });

  it('when on a terminal, then colours the output; --no-color and NO_COLOR turn that off', async () => {
    const user: TestUser = await signup(api.url);
    const coloured = await friender(['profile', 'show'], { tty: true, store: storeWith(api.url, user) });
    expect(coloured.stdout).to.match(ANSI);
    const flag = await friender(['profile', 'show', '--no-color'], { tty: true, store: storeWith(api.url, user) });
    expect(flag.stdout).to.not.match(ANSI);
    const env = await friender(['profile', 'show'], { tty: true, store: storeWith(api.url, user), env: { NO_COLOR: '1' } });
    expect(env.stdout).to.not.match(ANSI);
    expect(env.stdout).to.equal(flag.stdout);
  });

  it('when output is piped, then there is no colour', async () => {
    const user = await signup(api.url);
    const result = await friender(['profile', 'show'], { store: storeWith(api.url, user) });
    expect(result.stdout).to.not.match(ANSI);
  });

  it('when not logged in, then exits 3', async () => {
    const result = await friender(['profile', 'show']);
    expect(result.code).to.equal(3);
    expect(result.stdout).to.equal('');
  });
});
