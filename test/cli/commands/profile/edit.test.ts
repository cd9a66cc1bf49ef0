import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, signup, signupComplete, type TestUser } from '../../../helpers/factories.js';
import { png } from '../../../helpers/images.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender profile edit', () => {
  let api: TestApi;
  let user: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => (user = await signup(api.url)));
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const profile = async () => (await call(api.url, 'GET', '/me', { token: user.token })).body;

  it('when given every flag, then completes the profile, splitting lists on commas, and prints it', async () => {
    const result = await friender(['profile', 'edit', '--bio', 'Hi there', '--hobbies', 'Hiking, chess,,', '--interests', 'jazz', '--zip', '10001', '--radius', '25']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('Profile saved.\n');
    expect(result.stdout).to.include('  Hobbies    hiking, chess\n');
    expect(result.stdout).to.include('Complete: you can swipe.\n');
    expect(await profile()).to.deep.include({ bio: 'Hi there', hobbies: ['hiking', 'chess'], interests: ['jazz'], zipCode: '10001', friendRadius: 25, complete: true });
  });

  it('when given some flags, then changes only those fields', async () => {
    await friender(['profile', 'edit', '--bio', 'Keep me', '--hobbies', 'hiking']);
    const result = await friender(['profile', 'edit', '--radius', '40', '--email', 'new@example.com']);
    expect(result.code).to.equal(0);
    expect(await profile()).to.deep.include({ bio: 'Keep me', hobbies: ['hiking'], friendRadius: 40, email: 'new@example.com', zipCode: null });
  });

  it('when the ZIP code was changed too often today, then exit 1 naming --zip and when the next change is possible, in hours', async () => {
    for (const zip of ['10001', '10002', '10003']) expect((await friender(['profile', 'edit', '--zip', zip])).code).to.equal(0);
    const result = await friender(['profile', 'edit', '--zip', '10004', '--bio', 'moved']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^ZIP code changed too often: A ZIP code can be changed 3 times a day; nothing was changed\.\n {2}zipCode \(--zip\): can be changed 3 times a day; the next change is possible at \d{4}-\d\d-\d\dT[\d:.]+Z \(in about 24 hours\)\nRetry after about 24 hours\.\n$/);
    expect(await profile()).to.deep.include({ zipCode: '10003', bio: '' });
  });

  it('when --hobbies is empty, then clears the list', async () => {
    await friender(['profile', 'edit', '--hobbies', 'hiking']);
    await friender(['profile', 'edit', '--hobbies', '']);
    expect((await profile()).hobbies).to.deep.equal([]);
  });

  it('when --json is given, then prints the saved profile fields as JSON', async () => {
    const result = await friender(['profile', 'edit', '--json', '--zip', '94103']);
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({ zipCode: '94103', complete: false, missing: ['hobbies', 'interests', 'friendRadius'] });
  });

  it('when stdin is not a terminal and no flag is given, then exits 2 naming every flag', async () => {
    const result = await friender(['profile', 'edit']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      'Nothing to change: pass one or more of --email, --bio, --hobbies a,b, --interests c,d, --zip, --radius, --birth-date, --min-age, --max-age, --mutual-radius, --prompt q=a, --no-prompts (stdin is not a terminal, so no form is shown).\n' +
        'For example: friender profile edit --hobbies hiking,chess --interests jazz --zip 10001 --radius 25\n',
    );
  });

  it('when the API refuses a value, then shows the field with its flag, exits 1 and changes nothing', async () => {
    const result = await friender(['profile', 'edit', '--zip', '00000', '--bio', 'changed?']);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('Invalid input: zipCode: is not a known US ZIP code\n  zipCode (--zip): is not a known US ZIP code\n');
    expect((await profile()).bio).to.equal('');
  });

  it('when --radius is not a number, then exits 2 before sending anything', async () => {
    const result = await friender(['profile', 'edit', '--radius', 'far']);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal('--radius: "far" is not a number.\n');
  });

  it('when not logged in, then exits 3', async () => {
    const result = await friender(['profile', 'edit', '--bio', 'x'], { store: undefined, env: { FRIENDER_TOKEN: '' } });
    expect(result.code).to.equal(3);
  });

  describe('on a terminal without flags', () => {
    it('when answered, then shows a form from the edit template with current values as defaults, checks limits locally and sends only the changes', async () => {
      user = await signupComplete(api.url);
      const result = await friender(['profile', 'edit'], {
        tty: true,
        answers: [
          { message: /^Email$/ },
          { message: /^Bio/, answer: 'x'.repeat(501) },
          { message: /^Bio/, answer: 'Chess nights.' },
          { message: /^Hobbies/, answer: Array.from({ length: 11 }, (_, i) => `h${i}`).join(',') },
          { message: /^Hobbies/, answer: 'Hiking, Chess' },
          { message: /^Interests/ },
          { message: /^US ZIP code$/, answer: '1234' },
          { message: /^US ZIP code$/, answer: '94103' },
          { message: /^Friend radius/, answer: '501' },
          { message: /^Friend radius/, answer: 'ten' },
          { message: /^Friend radius/ },
          { message: /^Youngest age/, answer: '17' },
          { message: /^Youngest age/, answer: '25' },
          { message: /^Oldest age/, answer: '40' },
          { message: /^Mutual radius/, answer: 'maybe' },
          { message: /^Mutual radius/, answer: 'yes' },
          { message: /^Read receipts/ },
          { message: /^Prompts/ },
          { message: /^Add photos now\?$/, answer: false },
        ],
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.prompter.unused).to.deep.equal([]);
      expect(result.prompter.asked.map((a) => [a.message, a.default, a.refused])).to.deep.equal([
        ['Email', user.email, []],
        ['Bio (up to 500 characters)', 'Board games and long walks.', ['may have at most 500 characters']],
        ['Hobbies (up to 10 tags), separated by commas', 'hiking, board games', ['at most 10 items']],
        ['Interests (up to 10 tags), separated by commas', 'jazz, cooking', []],
        ['US ZIP code', '10001', ['must match ^[0-9]{5}$']],
        ['Friend radius (miles)', '25', ['must be at most 500', 'must be a number']],
        ['Youngest age you want to meet (18–99)', '18', ['must be at least 18']],
        ['Oldest age you want to meet (18–99)', '99', []],
        ['Mutual radius: only see (and be seen by) people whose own radius and age range reach you too (yes/no)', 'no', ['answer yes or no']],
        ['Read receipts: show the other side what you have read (and see what they have read) (yes/no)', 'yes', []],
        ['Prompts (up to 3): a question from the list and your answer — 1 of 3: Question', '', []],
        ['Add photos now?', false, []],
      ]);
      expect(result.stderr).to.equal('Edit your profile; Enter keeps the current value.\nProfile saved.\n');
      expect(await profile()).to.deep.include({ bio: 'Chess nights.', hobbies: ['hiking', 'chess'], interests: ['jazz', 'cooking'], zipCode: '94103', friendRadius: 25, minAge: 25, maxAge: 40, mutualRadius: true });
    });

    it('when every answer keeps its default, then sends nothing and says so', async () => {
      const result = await friender(['profile', 'edit'], {
        tty: true,
        answers: [
          { message: /^Email$/ }, { message: /^Bio/ }, { message: /^Hobbies/ }, { message: /^Interests/ }, { message: /^US ZIP code$/ }, { message: /^Friend radius/ },
          { message: /^Youngest age/ }, { message: /^Oldest age/ }, { message: /^Mutual radius/ }, { message: /^Read receipts/ }, { message: /^Prompts/ }, { message: /^Add photos/ },
        ],
      });
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.equal('Edit your profile; Enter keeps the current value.\nNothing changed.\n');
      expect(result.prompter.asked.map((a) => a.default)).to.deep.equal([user.email, '', '', '', undefined, undefined, '18', '99', 'no', 'yes', '', false]);
    });

    it('when the user already has photos and all 6 slots are used, then offers nothing more', async () => {
      await addPhotos(api.url, user.token, await Promise.all(Array.from({ length: 6 }, () => png())));
      const result = await friender(['profile', 'edit'], {
        tty: true,
        answers: [
          { message: /^Email$/ }, { message: /^Bio/, answer: 'Six photos.' }, { message: /^Hobbies/ }, { message: /^Interests/ }, { message: /^US ZIP code$/ }, { message: /^Friend radius/ },
          { message: /^Youngest age/ }, { message: /^Oldest age/ }, { message: /^Mutual radius/ }, { message: /^Read receipts/ }, { message: /^Prompts/ },
        ],
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.prompter.unused).to.deep.equal([]);
    });

    it('when the server refuses an answer (ZIP 00000 is no known ZIP), then every other answer is kept and only that field is asked again', async () => {
      const result = await friender(['profile', 'edit'], {
        tty: true,
        env: { NO_COLOR: '1' },
        answers: [
          { message: /^Email$/ },
          { message: /^Bio/, answer: 'Chess at noon.' },
          { message: /^Hobbies/, answer: 'chess' },
          { message: /^Interests/, answer: 'jazz' },
          { message: /^US ZIP code$/, answer: '00000' },
          { message: /^Friend radius/, answer: '15' },
          { message: /^Youngest age/ },
          { message: /^Oldest age/ },
          { message: /^Mutual radius/ },
          { message: /^Read receipts/ },
          { message: /^Prompts/ },
          { message: /^US ZIP code$/, answer: '94103' },
          { message: /^Add photos now\?$/, answer: false },
        ],
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.prompter.unused).to.deep.equal([]);
      expect(result.prompter.asked.map((a) => a.message)).to.deep.equal([
        'Email',
        'Bio (up to 500 characters)',
        'Hobbies (up to 10 tags), separated by commas',
        'Interests (up to 10 tags), separated by commas',
        'US ZIP code',
        'Friend radius (miles)',
        'Youngest age you want to meet (18–99)',
        'Oldest age you want to meet (18–99)',
        'Mutual radius: only see (and be seen by) people whose own radius and age range reach you too (yes/no)',
        'Read receipts: show the other side what you have read (and see what they have read) (yes/no)',
        'Prompts (up to 3): a question from the list and your answer — 1 of 3: Question',
        'US ZIP code',
        'Add photos now?',
      ]);
      expect(result.stderr).to.equal('Edit your profile; Enter keeps the current value.\nUS ZIP code: is not a known US ZIP code (you gave 00000).\nProfile saved.\n');
      expect(await profile()).to.deep.include({ bio: 'Chess at noon.', hobbies: ['chess'], interests: ['jazz'], zipCode: '94103', friendRadius: 15, complete: true });
    });

    it('when a refused field is then left as it was, then the other answers are still saved', async () => {
      const result = await friender(['profile', 'edit'], {
        tty: true,
        answers: [
          { message: /^Email$/ },
          { message: /^Bio/, answer: 'Kept.' },
          { message: /^Hobbies/ },
          { message: /^Interests/ },
          { message: /^US ZIP code$/, answer: '00000' },
          { message: /^Friend radius/ },
          { message: /^Youngest age/ },
          { message: /^Oldest age/ },
          { message: /^Mutual radius/ },
          { message: /^Read receipts/ },
          { message: /^Prompts/ },
          { message: /^US ZIP code$/ },
          { message: /^Add photos now\?$/, answer: false },
        ],
      });
      expect(result.code, result.stderr).to.equal(0);
      expect(await profile()).to.deep.include({ bio: 'Kept.', zipCode: null });
    });

    it('when flags are given too, then asks nothing', async () => {
      const result = await friender(['profile', 'edit', '--radius', '10'], { tty: true });
      expect(result.code).to.equal(0);
      expect(result.prompter.asked).to.deep.equal([]);
      expect((await profile()).friendRadius).to.equal(10);
    });
  });
});
