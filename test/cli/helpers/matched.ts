import { answer, person, type TestUser } from '../../helpers/factories.js';

/** Ana, with ben still her candidate and cleo and dan her matches (dan the newest). */
export async function matchedAna(url: string): Promise<TestUser> {
  const ana = await person(url, 'ana', { zipCode: '10001' });
  await person(url, 'ben', { zipCode: '10002' });
  for (const name of ['cleo', 'dan']) {
    const other = await person(url, name, { zipCode: '10002' });
    await answer(url, ana, name, 'like');
    await answer(url, other, 'ana', 'like');
  }
  return ana;
}
