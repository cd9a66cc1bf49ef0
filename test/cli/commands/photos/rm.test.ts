import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg } from '../../../helpers/images.js';
import { listKeys } from '../../../helpers/s3.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender photos rm', () => {
  let api: TestApi;
  let user: TestUser;
  let ids: string[];
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    user = await signup(api.url);
    ids = await addPhotos(api.url, user.token, [await jpeg(), await jpeg(), await jpeg()]);
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const order = async () => (await call(api.url, 'GET', '/me/photos', { token: user.token })).body._embedded.photos.map((p: { id: string }) => p.id);

  it('when given a number from the list, then deletes that photo and both its objects; the later ones move up', async () => {
    const result = await friender(['photos', 'rm', '2']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('Deleted photo 2. You have 2 of 6.\n');
    expect(await order()).to.deep.equal([ids[0], ids[2]]);
    expect(await listKeys()).to.have.length(4);
  });

  it('when --json is given, then prints the photos that are left', async () => {
    const result = await friender(['photos', 'rm', '1', '--json']);
    expect(result.code).to.equal(0);
    const out = JSON.parse(result.stdout);
    expect(out.photos.map((p: { id: string; position: number }) => [p.id, p.position])).to.deep.equal([
      [ids[1], 1],
      [ids[2], 2],
    ]);
  });

  it('when the number is out of range or not a number, then exits 2 and deletes nothing', async () => {
    for (const [arg, message] of [
      ['4', 'There is no photo 4: you have 3 (1–3).\nSee them with `friender photos list`.\n'],
      ['0', 'There is no photo 0: you have 3 (1–3).\nSee them with `friender photos list`.\n'],
      ['two', '<n>: "two" is not a whole number.\n'],
      ['1.5', '<n>: "1.5" is not a whole number.\n'],
    ]) {
      const result = await friender(['photos', 'rm', arg!]);
      expect(result.code, arg).to.equal(2);
      expect(result.stderr).to.equal(message);
    }
    expect(await order()).to.deep.equal(ids);
  });

  it('when another user runs it, then only their own photos are in reach', async () => {
    const other = await signup(api.url);
    const result = await friender(['photos', 'rm', '1'], { store: storeWith(api.url, other) });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.equal('You have no photos.\nAdd some with `friender photos add <files...>`.\n');
    expect(await order()).to.deep.equal(ids);
  });

  it('when not logged in, then exits 3', async () => {
    expect((await friender(['photos', 'rm', '1'], { store: undefined })).code).to.equal(3);
  });
});
