import { Op, type Sequelize } from 'sequelize';
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

/** Loads users by id with their photos, in the order given, aged on `today` (YYYY-MM-DD); ids not found are skipped. */
export async function loadPeople(sequelize: Sequelize, ids: string[], miles: Map<string, number>, today: string): Promise<Person[]> {
  if (ids.length === 0) return [];
  const { User, Photo } = modelsOf(sequelize);
  const [users, photos] = await Promise.all([
    User.findAll({ where: { id: { [Op.in]: ids } } }),
    Photo.findAll({ where: { userId: { [Op.in]: ids } }, order: [['userId', 'ASC'], ['position', 'ASC']] }),
  ]);
  const byId = new Map(users.map((u) => [u.id, u]));
  return ids.flatMap((id) => {
    const user = byId.get(id);
    const age = user?.birthDate ? ageOn(user.birthDate, today) : null;
    return user ? [{ user, miles: miles.get(id) ?? 1, age, photos: photos.filter((p) => p.userId === id) }] : [];
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
