import crypto from 'node:crypto';
import { Transaction, type Sequelize } from 'sequelize';
import { modelsOf, type Photo, type User } from '../db/models.js';
import { HttpProblem, problems, type Links } from '../http/problems.js';
import type { Storage } from '../storage/s3.js';
import { Limiter, processImage, type ImageLimits, type Processed } from './image.js';
import type { UploadedFile } from './multipart.js';
import { UUID } from '../http/ids.js';

export interface PhotoSettings {
  maxPhotos: number;
  maxBytes: number;
  urlTtlSeconds: number;
  image: ImageLimits;
  concurrency: number;
  queue: number;
}

export interface PhotoUrls {
  image: string;
  thumbnail: string;
}

const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const photosLink: Links = { photos: { href: '/me/photos' } };

const limitReached = (max: number, have: number) =>
  new HttpProblem(409, 'photo-limit', 'Photo limit reached', `You have ${have} of at most ${max} photos; delete one to add another.`, {
    errors: [{ field: 'photo', message: `at most ${max} photos` }],
    links: photosLink,
  });

export function createPhotoService(deps: { sequelize: Sequelize; storage: Storage; settings: PhotoSettings; logger: Pick<Console, 'error'> }) {
  const { Photo } = modelsOf(deps.sequelize);
  const { settings, storage } = deps;
  const limiter = new Limiter(settings.concurrency, settings.queue);

  const list = (userId: string, transaction?: Transaction) => Photo.findAll({ where: { userId }, order: [['position', 'ASC']], transaction });

  async function find(userId: string, photoId: string, transaction?: Transaction): Promise<Photo> {
    const photo = UUID.test(photoId) ? await Photo.findOne({ where: { id: photoId, userId }, transaction, lock: transaction ? Transaction.LOCK.UPDATE : undefined }) : null;
    // Someone else's photo is as absent as one that never was.
    if (!photo) throw problems.notFound('No such photo among yours.');
    return photo;
  }

  /** Removes objects whose rows never made it; a failure here is logged, not shown. */
  const cleanUp = (keys: string[]) =>
    storage.remove(keys).catch((err) => deps.logger.error(`photos: could not remove orphaned objects ${keys.join(', ')}:`, err));

  return {
    settings,
    list,
    find: (userId: string, photoId: string) => find(userId, photoId),

    async urls(photo: Photo): Promise<PhotoUrls> {
      const [image, thumbnail] = await Promise.all([
        storage.presign(photo.objectKey, settings.urlTtlSeconds),
        storage.presign(photo.thumbnailKey, settings.urlTtlSeconds),
      ]);
      return { image, thumbnail };
    },

    async upload(user: User, files: UploadedFile[]): Promise<Photo[]> {
      const have = await Photo.count({ where: { userId: user.id } });
      if (have + files.length > settings.maxPhotos) throw limitReached(settings.maxPhotos, have);
      const processed: Processed[] = [];
      for (const file of files) processed.push(await limiter.run(() => processImage(file.name, file.bytes, settings.image)));

      const stored = processed.map((p) => {
        const id = crypto.randomUUID();
        return { ...p, objectKey: `photos/${user.id}/${id}.${EXTENSION[p.type]}`, thumbnailKey: `photos/${user.id}/${id}-thumb.jpg` };
      });
      const written: string[] = [];
      try {
        for (const s of stored) {
          await storage.put(s.objectKey, s.image, s.type);
          written.push(s.objectKey);
          await storage.put(s.thumbnailKey, s.thumbnail, 'image/jpeg');
          written.push(s.thumbnailKey);
        }
        return await deps.sequelize.transaction(async (transaction) => {
          // One upload at a time per user, so two racing uploads cannot pass the limit together.
          await deps.sequelize.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', { bind: [user.id], transaction });
          const count = await Photo.count({ where: { userId: user.id }, transaction });
          if (count + stored.length > settings.maxPhotos) throw limitReached(settings.maxPhotos, count);
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
            })),
            { transaction },
          );
          return list(user.id, transaction);
        });
      } catch (err) {
        await cleanUp(written);
        throw err;
      }
    },

    async remove(user: User, photoId: string): Promise<void> {
      await deps.sequelize.transaction(async (transaction) => {
        const photo = await find(user.id, photoId, transaction);
        await photo.destroy({ transaction });
        await deps.sequelize.query('UPDATE photos SET position = position - 1 WHERE user_id = $1 AND position > $2', {
          bind: [user.id, photo.position],
          transaction,
        });
        // Objects go before the commit: if storage fails, the row stays and nothing dangles.
        await storage.remove([photo.objectKey, photo.thumbnailKey]);
      });
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

    /** Every key a user's photos hold, for deleting the account with its objects. */
    async keysOf(userId: string, transaction?: Transaction): Promise<string[]> {
      return (await list(userId, transaction)).flatMap((p) => [p.objectKey, p.thumbnailKey]);
    },
  };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
