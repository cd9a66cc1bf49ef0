import { expect } from 'chai';
import { Ketting, bearerAuth, type Resource, type State } from 'ketting';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { addPhotos } from '../helpers/factories.js';
import { jpeg } from '../helpers/images.js';

/**
 * A generic HAL-FORMS client — ketting, unchanged — through the whole flow. It knows the root URL,
 * link rels and template names, and the field names the product brief fixes; it never builds a URL.
 */
describe('a generic HAL-FORMS client (ketting) through the whole flow', () => {
  let api: TestApi;
  let warnings: unknown[][];
  const warn = console.warn;
  before(async () => (api = await startTestApi()));
  after(() => api.close());
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
  });
  afterEach(() => {
    console.warn = warn;
  });

  /** Signs up and logs in through the root's templates; the login's token goes on every later request. */
  async function join(username: string): Promise<{ root: Resource; token: string }> {
    const client = new Ketting(api.url);
    const root = client.go();
    const anonymous = await root.get();
    const password = 'correct horse battery';
    const created = await anonymous.action('signup').submit({ username, email: `${username}@example.com`, password, birthDate: '1990-05-17' });
    expect(created.data.username).to.equal(username);
    const login = await anonymous.action('login').submit({ username, password });
    const token = login.data.token as string;
    client.use(bearerAuth(token));
    await root.refresh();
    return { root, token };
  }

  async function editProfile(root: Resource, zipCode: string): Promise<State> {
    const me = await (await root.follow('me')).get();
    expect(me.hasAction('edit')).to.equal(true);
    return me.action('edit').submit({ bio: 'Board games.', hobbies: ['chess', 'hiking'], interests: ['jazz'], zipCode, friendRadius: 25 });
  }

  const candidatesOf = async (root: Resource) => Promise.all((await (await root.follow('candidates')).get()).followAll('candidates').map((r) => r.get()));
  const matchesOf = async (root: Resource) => Promise.all((await (await root.follow('matches')).get()).followAll('matches').map((r) => r.get()));

  it('when two people sign up, edit, like each other and write, then everything is reached by rel and template name, with no warning', async () => {
    const ana = await join('ana');
    const ben = await join('ben');
    expect((await editProfile(ana.root, '10001')).data).to.deep.include({ complete: true, zipCode: '10001' });
    await editProfile(ben.root, '10002');
    // Setup only: ketting cannot send multipart forms, so ben's photo goes up by plain HTTP. It is
    // there so the cards ketting reads below embed photos.
    await addPhotos(api.url, ben.token, [await jpeg()]);

    const seenByAna = await candidatesOf(ana.root);
    const benCard = seenByAna.find((c) => c.data.username === 'ben')!;
    expect(benCard.data).to.deep.include({ username: 'ben', hobbies: ['chess', 'hiking'] });
    const [photo] = await Promise.all(benCard.followAll('photos').map((r) => r.refresh()));
    expect(photo!.data).to.deep.include({ position: 1, width: 64, height: 48 });
    expect(photo!.links.has('thumbnail')).to.equal(true);
    const first = await benCard.action('like').submit({});
    expect(first.data).to.deep.include({ answer: 'like', matched: false });

    const anaCard = (await candidatesOf(ben.root)).find((c) => c.data.username === 'ana')!;
    const answer = await anaCard.action('like').submit({});
    expect(answer.data).to.deep.include({ answer: 'like', matched: true });
    expect(answer.links.has('match')).to.equal(true);

    const [match] = await matchesOf(ana.root);
    expect(match!.data.username).to.equal('ben');
    expect(match!.hasAction('unmatch')).to.equal(true);
    const messages = await match!.follow('messages').get();
    const sent = await messages.action('send').submit({ body: 'coffee on Saturday?' });
    expect(sent.data).to.deep.include({ body: 'coffee on Saturday?', from: 'ana', mine: true });

    const [benMatch] = await matchesOf(ben.root);
    const page = await benMatch!.follow('messages').get();
    const received = await Promise.all(page.followAll('messages').map((r) => r.get()));
    expect(received.map((m) => [m.data.body, m.data.from, m.data.mine])).to.deep.equal([['coffee on Saturday?', 'ana', false]]);
    expect(warnings).to.deep.equal([]);
  });
});
