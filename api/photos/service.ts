import crypto from 'node:crypto';
import { Transaction, type Sequelize } from 'sequelize';
import { modelsOf, type Photo, type User } from '../db/models.js';
import { HttpProblem, problems, type Links } from '../http/problems.js';
import type { Storage } from '../storage/s3.js';
import { createOutbox, type OutboxSettings } from '../storage/outbox.js';
import { systemClock, type Clock } from '../clock.js';
import { Limiter, processImage, type ImageLimits, type Processed } from './image.js';
import type { UploadedFile } from './multipart.js';
import { UUID } from '../http/ids.js';
import { createUrlCache } from './url-cache.js';

export interface PhotoSettings {
  maxPhotos: number;
  maxBytes: number;
  urlTtlSeconds: number;
  image: ImageLimits;
  concurrency: number;
  queue: number;
}

/** One upload in progress: it holds a place from before its body is read until end(). */
export interface Upload {
  /** Checks and re-encodes one file as it arrives (on one of PHOTO_CONCURRENCY slots). */
  add(file: UploadedFile): Promise<void>;
  /** Stores what was added: objects first, then the rows. */
  finish(): Promise<Photo[]>;
  /** Gives the place back; safe to call more than once. */
  end(): void;
}

export interface PhotoUrls {
  image: string;
  thumbnail: string;
}

/** A processed upload and the SHA-256 (hex) of the bytes it arrived as (the bytes themselves are not kept). */
type Received = Processed & { sha256: string };

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const photosLink: Links = { photos: { href: '/me/photos' } };

const limitReached = (max: number, have: number) =>
  new HttpProblem(409, 'photo-limit', 'Photo limit reached', `You have ${have} of at most ${max} photos; delete one to add another.`, {
    errors: [{ field: 'photo', message: `at most ${max} photos` }],
    links: photosLink,
  });

export function createPhotoService(deps: {
  sequelize: Sequelize;
  storage: Storage;
  settings: PhotoSettings;
  logger: Pick<Console, 'error' | 'warn'>;
  clock?: Clock;
  /** outboxSettings(config): the same the sweeper runs with. */
  outbox: OutboxSettings;
}) {
  const { Photo } = modelsOf(deps.sequelize);
  const { settings, storage } = deps;
  const limiter = new Limiter(settings.concurrency, settings.queue);
  const urlCache = createUrlCache({ sign: (key, seconds, at) => storage.presign(key, seconds, at), clock: deps.clock ?? systemClock, ttlSeconds: settings.urlTtlSeconds });
  const outbox = createOutbox({
    sequelize: deps.sequelize,
    storage,
    clock: deps.clock ?? systemClock,
    logger: deps.logger,
    settings: deps.outbox,
  });

  const list = (userId: string, transaction?: Transaction) => Photo.findAll({ where: { userId }, order: [['position', 'ASC']], transaction });

  async function find(userId: string, photoId: string, transaction?: Transaction): Promise<Photo> {
    const photo = UUID.test(photoId) ? await Photo.findOne({ where: { id: photoId, userId }, transaction, lock: transaction ? Transaction.LOCK.UPDATE : undefined }) : null;
    // Someone else's photo is as absent as one that never was.
    if (!photo) throw problems.notFound('No such photo among yours.');
    return photo;
  }

  /**
   * Objects first, then the rows, with the keys written down in the outbox before any object is
   * written: if the rows never commit (refused, the database gone, the process killed), the
   * objects are removed — now if possible, else by the sweeper. No transaction is open while
   * storage is called.
   */
  async function store(user: User, processed: Received[]): Promise<Photo[]> {
    const stored = processed.map((p) => {
      const id = crypto.randomUUID();
      return { ...p, objectKey: `photos/${user.id}/${id}.${EXTENSION[p.type]}`, thumbnailKey: `photos/${user.id}/${id}-thumb.jpg` };
    });
    const intent = await outbox.intendUpload(stored.flatMap((s) => [s.objectKey, s.thumbnailKey]));
    try {
      for (const s of stored) {
        await storage.put(s.objectKey, s.image, s.type);
        await storage.put(s.thumbnailKey, s.thumbnail, 'image/jpeg');
      }
      return await deps.sequelize.transaction(async (transaction) => {
        // One upload at a time per user, so two racing uploads cannot pass the limit together.
        await deps.sequelize.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', { bind: [user.id], transaction });
        const count = await Photo.count({ where: { userId: user.id }, transaction });
        if (count + stored.length > settings.maxPhotos) throw limitReached(settings.maxPhotos, count);
        if (!(await outbox.keepUpload(intent, transaction))) {
          throw problems.unavailable('Photo storage unavailable', 'The upload took too long to store; try again.');
        }
        await Photo.bulkCreate(
          stored.map((s, i) => ({
            userId: user.id,
            position: count + i + 1,
            objectKey: s.objectKey,
            thumbnailKey: s.thumbnailKey,
            contentType: s.type,
            width: s.width,
            height: s.height,
            bytes: s.image.length,
            sha256: s.sha256,
          })),
          { transaction },
        );
        return list(user.id, transaction);
      });
    } catch (err) {
      // Removes them only if the rows did not commit after all (then the entry is gone).
      await outbox.settle(intent);
      throw err;
    }
  }

  /**
   * Starts an upload before its body is read: a 503 at once when PHOTO_CONCURRENCY +
   * PHOTO_QUEUE uploads are already in, a 409 when the user has no room left.
   */
  async function begin(user: User): Promise<Upload> {
    const leave = limiter.admit();
    try {
      const have = await Photo.count({ where: { userId: user.id } });
      if (have >= settings.maxPhotos) throw limitReached(settings.maxPhotos, have);
      const processed: Received[] = [];
      return {
        async add(file) {
          if (have + processed.length >= settings.maxPhotos) throw limitReached(settings.maxPhotos, have);
          // Of the bytes as sent, before re-encoding: the one thing a client can compute from its own file.
          const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
          processed.push({ ...(await limiter.run(() => processImage(file.name, file.bytes, settings.image))), sha256 });
        },
        finish: () => store(user, processed),
        end: leave,
      };
    } catch (err) {
      leave();
      throw err;
    }
  }

  return {
    settings,
    list,
    find: (userId: string, photoId: string) => find(userId, photoId),
    begin,

    urlCache,

    /** Presigned, valid for at least the TTL from now (url-cache.ts says how they are reused). */
    async urls(photo: Photo): Promise<PhotoUrls> {
      const [image, thumbnail] = await Promise.all([urlCache.url(photo.objectKey), urlCache.url(photo.thumbnailKey)]);
      return { image, thumbnail };
    },

    /** A whole upload of files already in memory (the demo photos). */
    async upload(user: User, files: UploadedFile[]): Promise<Photo[]> {
      const upload = await begin(user);
      try {
        for (const file of files) await upload.add(file);
        return await upload.finish();
      } finally {
        upload.end();
      }
    },

    /**
     * The row goes (committed), then its objects; objects storage could not remove now stay in
     * the outbox for the sweeper. A stalled or dead S3 never holds a database connection here,
     * and the photo is deleted either way.
     */
    async remove(user: User, photoId: string): Promise<void> {
      const discarded = await deps.sequelize.transaction(async (transaction) => {
        const photo = await find(user.id, photoId, transaction);
        await photo.destroy({ transaction });
        await deps.sequelize.query('UPDATE photos SET position = position - 1 WHERE user_id = $1 AND position > $2', {
          bind: [user.id, photo.position],
          transaction,
        });
        return { entry: await outbox.discard([photo.objectKey, photo.thumbnailKey], transaction), keys: [photo.objectKey, photo.thumbnailKey] };
      });
      urlCache.forget(discarded.keys);
      await outbox.settle(discarded.entry);
    },

    async move(user: User, photoId: string, position: number): Promise<Photo[]> {
      return deps.sequelize.transaction(async (transaction) => {
        await deps.sequelize.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', { bind: [user.id], transaction });
        const photo = await find(user.id, photoId, transaction);
        const photos = await list(user.id, transaction);
        if (position > photos.length) throw problems.validation([{ field: 'position', message: `must be between 1 and ${photos.length}` }]);
        const order = photos.filter((p) => p.id !== photo.id);
        order.splice(position - 1, 0, photo);
        for (const [index, p] of order.entries()) {
          if (p.position !== index + 1) await p.update({ position: index + 1 }, { transaction });
        }
        return list(user.id, transaction);
      });
    },

    /**
     * Inside the transaction that deletes a user: writes down every object their photos hold,
     * to be removed once it commits (settle). Undefined when they have none.
     */
    async discardAllOf(userId: string, transaction: Transaction): Promise<string | undefined> {
      const keys = (await list(userId, transaction)).flatMap((p) => [p.objectKey, p.thumbnailKey]);
      // Forgotten now, committed or not: a URL signed again costs microseconds.
      urlCache.forget(keys);
      return keys.length ? outbox.discard(keys, transaction) : undefined;
    },

    /** After that transaction: removes the objects now, or leaves them to the sweeper. Never throws. */
    settle: (discarded: string | undefined) => (discarded ? outbox.settle(discarded) : Promise.resolve()),
  };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
