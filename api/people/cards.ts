import type { CreationAttributes, Model, ModelStatic, Sequelize } from 'sequelize';
import { preparedQueries } from '../db/prepared.js';
import { modelsOf, type Photo, type User } from '../db/models.js';
import type { HalDocument } from '../http/hal.js';
import { shownPrompts } from '../profile/prompts.js';
import { problems } from '../http/problems.js';
import type { PhotoService, PhotoUrls } from '../photos/service.js';
import { ageOn } from '../accounts/schemas.js';

export interface Person {
  user: User;
  /** Whole miles from the viewer's ZIP to this user's place (friender_miles), never their ZIP. */
  miles: number;
  /** Whole years on the day the card was read (UTC, by the clock); the birth date itself is never shown. */
  age: number | null;
  photos: Photo[];
}

/** `u."bio" AS "bio", …`: every attribute of a model under its own name, so build() takes the row as it is. */
function columnsOf(model: ModelStatic<Model>, alias: string): string {
  const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return Object.entries(model.getAttributes()).map(([name, attribute]) => `${alias}.${q(attribute.field ?? name)} AS ${q(name)}`).join(', ');
}

/**
 * Loads users by id with their photos, in the order given, aged on `today` (YYYY-MM-DD); ids not
 * found are skipped. Two prepared statements (every deck, match list and like reads them), the rows
 * built into models as they are: findAll spent more CPU composing SQL and instances than the reads took.
 */
export async function loadPeople(sequelize: Sequelize, ids: string[], miles: Map<string, number>, today: string): Promise<Person[]> {
  if (ids.length === 0) return [];
  const { User, Photo } = modelsOf(sequelize);
  const prepared = preparedQueries(sequelize);
  const [userRows, photoRows] = await Promise.all([
    prepared<Record<string, unknown>>('friender_people_users', `SELECT ${columnsOf(User as unknown as ModelStatic<Model>, 'u')} FROM users u WHERE u.id = ANY($1::uuid[])`, [ids]),
    prepared<Record<string, unknown>>('friender_people_photos', `SELECT ${columnsOf(Photo as unknown as ModelStatic<Model>, 'p')} FROM photos p WHERE p.user_id = ANY($1::uuid[]) ORDER BY p.user_id, p.position`, [ids]),
  ]);
  const users = User.bulkBuild(userRows as unknown as Array<CreationAttributes<User>>, { isNewRecord: false, raw: true });
  const photos = Photo.bulkBuild(photoRows as unknown as Array<CreationAttributes<Photo>>, { isNewRecord: false, raw: true });
  const byId = new Map(users.map((u) => [u.id, u]));
  const photosOf = new Map<string, Photo[]>();
  for (const photo of photos) photosOf.set(photo.userId, [...(photosOf.get(photo.userId) ?? []), photo]);
  return ids.flatMap((id) => {
    const user = byId.get(id);
    const age = user?.birthDate ? ageOn(user.birthDate, today) : null;
    return user ? [{ user, miles: miles.get(id) ?? 1, age, photos: photosOf.get(id) ?? [] }] : [];
  });
}

/**
 * One photo on someone's card, as a resource of its own under that card (so a generic client can
 * keep it): GET at its self answers only while the card itself does, to the same people.
 */
export function serializeCardPhoto(photo: Photo, urls: PhotoUrls, cardSelf: string): HalDocument {
  return {
    position: photo.position,
    width: photo.width,
    height: photo.height,
    _links: { self: { href: `${cardSelf}/photos/${photo.id}` }, image: { href: urls.image }, thumbnail: { href: urls.thumbnail } },
  };
}

/** A photo on this person's card, by id; any other id is as absent as a photo that never was. */
export function cardPhoto(person: Person, photoId: string): Photo {
  const photo = person.photos.find((p) => p.id === photoId);
  if (!photo) throw problems.notFound(`No such photo of ${person.user.username}'s.`);
  return photo;
}

const common = (mine: string[], theirs: string[]) => theirs.filter((tag) => mine.includes(tag));

/**
 * What one user may see of another: their profile words, what they share, how far as a band of
 * miles between places — never coordinates, ZIP code or email — their age but never their birth
 * date, and their photos as short-lived links.
 */
export async function serializePerson(person: Person, viewer: User, photos: PhotoService, links: HalDocument['_links'] & { self: { href: string } }): Promise<HalDocument> {
  const { user } = person;
  const embedded = await Promise.all(person.photos.map(async (photo) => serializeCardPhoto(photo, await photos.urls(photo), links.self.href)));
  return {
    username: user.username,
    age: person.age,
    bio: user.bio,
    hobbies: user.hobbies,
    interests: user.interests,
    prompts: shownPrompts(user.prompts),
    shared: { hobbies: common(viewer.hobbies, user.hobbies), interests: common(viewer.interests, user.interests) },
    distance: person.miles,
    _links: links,
    _embedded: { photos: embedded },
  };
}
