import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { signupComplete, type TestUser } from '../../../helpers/factories.js';
import { services } from '../../../helpers/services.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender profile edit: birth date, age range and mutual radius', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signupComplete(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const profile = async () => (await call(api.url, 'GET', '/me', { token: user.token })).body;
  const forgetBirthDate = () => services.get().sequelize.query('UPDATE users SET birth_date = NULL WHERE username = $1', { bind: [user.username] });

  it('when given --min-age, --max-age and --mutual-radius, then saves them and prints the range and mutual radius', async () => {
    const result = await friender(['profile', 'edit', '--min-age', '25', '--max-age', '40', '--mutual-radius']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('  Age range  25–40\n  Mutual     on: only people whose own radius and age range reach you too\n');
    expect(await profile()).to.deep.include({ minAge: 25, maxAge: 40, mutualRadius: true });
    expect((await friender(['profile', 'edit', '--no-mutual-radius'])).code).to.equal(0);
    expect(await profile()).to.deep.include({ minAge: 25, maxAge: 40, mutualRadius: false });
  });

  it('when neither --mutual-radius nor --no-mutual-radius is given, then mutual radius is left as it is', async () => {
    await friender(['profile', 'edit', '--mutual-radius']);
    await friender(['profile', 'edit', '--bio', 'Still mutual.']);
    expect(await profile()).to.deep.include({ bio: 'Still mutual.', mutualRadius: true });
  });

  it('when --min-age is past the stored --max-age, then exit 1 naming --min-age and nothing changes', async () => {
    await friender(['profile', 'edit', '--max-age', '40']);
    const result = await friender(['profile', 'edit', '--min-age', '41', '--bio', 'changed?']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('  minAge (--min-age): must be at most the oldest age you want to meet (maxAge 40)\n');
    expect(await profile()).to.deep.include({ minAge: 18, maxAge: 40, bio: 'Board games and long walks.' });
  });

  it('when --max-age is not a number, then exit 2 before sending anything', async () => {
    const result = await friender(['profile', 'edit', '--max-age', 'old']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('--max-age: "old" is not a number.\n');
  });

  it('when --birth-date is given and the date is already set, then exit 2 saying it cannot be changed, and nothing is sent', async () => {
    const result = await friender(['profile', 'edit', '--birth-date', '1980-01-01', '--bio', 'older?']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('--birth-date: your birth date is already set and cannot be changed.\n');
    expect((await profile()).bio).to.equal('Board games and long walks.');
  });

  it('when an account without a birth date adds one with --birth-date, then it is complete; under 18 is exit 1 naming --birth-date', async () => {
    await forgetBirthDate();
    const young = new Date(Date.now() - 17 * 365 * 86_400_000).toISOString().slice(0, 10);
    const refused = await friender(['profile', 'edit', '--birth-date', young]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr).to.include('  birthDate (--birth-date): you must be 18 or older to use Friender\n');
    const result = await friender(['profile', 'edit', '--birth-date', '1985-07-04']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('Complete: you can swipe.\n');
    expect(await profile()).to.deep.include({ birthDate: '1985-07-04', complete: true });
  });

  it('when an account without a birth date edits on a terminal, then the form asks for it, refusing a day that does not exist', async () => {
    await forgetBirthDate();
    const result = await friender(['profile', 'edit'], {
      tty: true,
      answers: [
        { message: /^Email$/ },
        { message: /^Birth date/, answer: '1985-02-29' },
        { message: /^Birth date/, answer: '1985-02-28' },
        { message: /^Bio/ }, { message: /^Hobbies/ }, { message: /^Interests/ }, { message: /^US ZIP code$/ }, { message: /^Friend radius/ },
        { message: /^Youngest age/ }, { message: /^Oldest age/, answer: '60' }, { message: /^Mutual radius/, answer: 'y' }, { message: /^Read receipts/ },
        { message: /1 of 3: Question$/, answer: '(none)' },
        { message: /^Add photos now\?$/, answer: false },
      ],
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.prompter.unused).to.deep.equal([]);
    expect(result.prompter.asked[1]!.refused).to.deep.equal(['must be a real date written YYYY-MM-DD']);
    expect(await profile()).to.deep.include({ birthDate: '1985-02-28', maxAge: 60, mutualRadius: true, complete: true });
  });
});
