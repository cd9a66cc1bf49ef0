import { expect } from 'chai';
import { startTestApi, type TestApi } from '../../../helpers/api.js';
import { call } from '../../../helpers/http.js';
import { addPhotos, signup, type TestUser } from '../../../helpers/factories.js';
import { jpeg } from '../../../helpers/images.js';
import { cli, storeWith, type CliOptions } from '../../helpers/harness.js';

describe('friender photos move', () => {
  let api: TestApi;
  let user: TestUser;
  let ids: string[];
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(async () => {
    user = await signup(api.url);
    ids = await addPhotos(api.url, user.token, [await jpeg(10, 10), await jpeg(20, 10), await jpeg(30, 10)]);
  });
  const friender = (argv: string[], options: CliOptions = {}) =>
    cli(argv, { store: storeWith(api.url, user), ...options, env: { FRIENDER_API_URL: api.url, ...options.env } });
  const order = async () => (await call(api.url, 'GET', '/me/photos', { token: user.token })).body._embedded.photos.map((p: { id: string }) => p.id);

  it('when moving the last photo to 1, then it is shown first and the new order is printed', async () => {
    const result = await friender(['photos', 'move', '3', '1']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.equal('Moved photo 3 to position 1.\n');
    expect(result.stdout).to.match(/^1\. 30×10 JPEG, .+ \(shown first\)\n2\. 10×10 JPEG, .+\n3\. 20×10 JPEG, .+\n$/);
    expect(await order()).to.deep.equal([ids[2], ids[0], ids[1]]);
  });

  it('when --json is given, then prints the collection in its new order', async () => {
    const result = await friender(['photos', 'move', '1', '2', '--json']);
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout).photos.map((p: { id: string }) => p.id)).to.deep.equal([ids[1], ids[0], ids[2]]);
  });

  it('when the photo is already there, then says so and changes nothing', async () => {
    const result = await friender(['photos', 'move', '2', '2']);
    expect(result.code).to.equal(0);
    expect(result.stderr).to.equal('Photo 2 is already at position 2.\n');
    expect(await order()).to.deep.equal(ids);
  });

  it('when the position is out of range or not a number, then exits 2 and changes nothing', async () => {
    for (const [args, message] of [
      [['1', '4'], '<position>: must be between 1 and 3 (you have 3 photos).\n'],
      [['1', '0'], '<position>: must be between 1 and 3 (you have 3 photos).\n'],
      [['1', 'first'], '<position>: "first" is not a whole number.\n'],
      [['5', '1'], 'There is no photo 5: you have 3 (1–3).\nSee them with `friender photos list`.\n'],
    ] as const) {
      const result = await friender(['photos', 'move', ...args]);
      expect(result.code, args.join(' ')).to.equal(2);
      expect(result.stderr).to.equal(message);
    }
    expect(await order()).to.deep.equal(ids);
  });
});
