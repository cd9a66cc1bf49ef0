import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { BIRTH_DATE, person, signup, type TestUser } from '../../../helpers/factories.js';
import { ageOn } from '../../../../api/accounts/schemas.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender candidates', () => {
  let api: TestApi;
  let me: TestUser;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    me = await person(api.url, 'looker', { zipCode: '10001', friendRadius: 25, hobbies: ['chess', 'go'], interests: ['jazz'] });
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, me), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });

  it('when people are near, then prints one line each, most in common first, with distance and what is shared', async () => {
    await person(api.url, 'two_common', { zipCode: '07030', hobbies: ['chess', 'go'], interests: ['opera'] });
    await person(api.url, 'one_common', { zipCode: '10002', hobbies: ['chess'], interests: ['opera'] });
    await person(api.url, 'nothing', { zipCode: '10001', hobbies: ['rowing'], interests: ['opera'] });
    const result = await friender(['candidates']);
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).to.have.length(3);
    const age = ageOn(BIRTH_DATE, new Date().toISOString().slice(0, 10));
    expect(lines[0]).to.match(new RegExp(`^two_common, ${age} +\\d+ mi {3}shares chess, go$`));
    expect(lines[1]).to.match(new RegExp(`^one_common, ${age} +\\d+ mi {3}shares chess$`));
    expect(lines[2]).to.match(new RegExp(`^nothing, ${age} +\\d+ mi {3}nothing shared yet$`));
  });

  it('when --limit is larger than a page, then follows next until it has that many; --json lists them with photos', async () => {
    for (let i = 0; i < 14; i += 1) await person(api.url, `n_${i}`, { zipCode: '10002' });
    const result = await friender(['candidates', '--limit', '12', '--json']);
    expect(result.code).to.equal(0);
    const out = JSON.parse(result.stdout);
    expect(out.count).to.equal(12);
    expect(new Set(out.candidates.map((c: { username: string }) => c.username)).size).to.equal(12);
    expect(out.candidates[0]).to.have.keys('username', 'age', 'bio', 'hobbies', 'interests', 'prompts', 'shared', 'distance', 'photos');
  });

  it('when no one is near, then explains why and what to change', async () => {
    const result = await friender(['candidates']);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'No one new within 25 miles right now: you have answered everyone in reach, or no one nearby has a complete profile yet.\n' +
        'Widen your radius with `friender profile edit --radius 50`, add hobbies and interests, or look again later.\n',
    );
  });

  it('when the profile is incomplete, then exits 1 naming each missing field with its flag', async () => {
    const newbie = await signup(api.url);
    const result = await friender(['candidates'], { store: storeWith(api.url, newbie) });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal(
      'Profile incomplete: Add hobbies, interests, a ZIP code, a friend radius to your profile to see and answer candidates.\n' +
        '  hobbies (--hobbies): is required before you can swipe\n' +
        '  interests (--interests): is required before you can swipe\n' +
        '  zipCode (--zip): is required before you can swipe\n' +
        '  friendRadius (--radius): is required before you can swipe\n',
    );
  });

  it('when --limit is not a whole number in range, then exits 2', async () => {
    for (const bad of ['0', 'ten', '1001']) expect((await friender(['candidates', '--limit', bad])).code, bad).to.equal(2);
  });
});
