import { z } from 'zod';
import type { Photo } from '../db/models.js';
import { template, type HalDocument, type Template } from '../http/hal.js';
import { ACCEPTED } from './image.js';
import type { PhotoSettings, PhotoUrls } from './service.js';

const makeMoveSchema = (count: number) =>
  z.strictObject({ position: z.number().int('must be a whole number').min(1).max(Math.max(1, count)).meta({ title: 'New position (1 is shown first)' }) });
const moveSchemas = new Map<number, ReturnType<typeof makeMoveSchema>>();

/** The move form says the real range: 1 to however many photos there are now. */
export function moveSchema(count: number) {
  let schema = moveSchemas.get(count);
  if (!schema) moveSchemas.set(count, (schema = makeMoveSchema(count)));
  return schema;
}

export function serializePhoto(photo: Photo, urls: PhotoUrls, count: number): HalDocument {
  const self = `/me/photos/${photo.id}`;
  return {
    id: photo.id,
    position: photo.position,
    contentType: photo.contentType,
    width: photo.width,
    height: photo.height,
    bytes: photo.bytes,
    // Of the file as uploaded (the stored image is re-encoded): a client recognises its own files by it.
    sha256: photo.sha256 ?? null,
    createdAt: photo.createdAt.toISOString(),
    _links: { self: { href: self }, image: { href: urls.image }, thumbnail: { href: urls.thumbnail } },
    _templates: {
      delete: template('Delete this photo', 'DELETE', self),
      move: template('Move this photo', 'POST', `${self}/position`, moveSchema(count)),
    },
  };
}

function uploadTemplate(settings: PhotoSettings, count: number): Template {
  return {
    title: 'Add photos',
    method: 'POST',
    target: '/me/photos',
    contentType: 'multipart/form-data',
    properties: [
      { name: 'photo', prompt: 'Photos (JPEG, PNG or WebP)', required: true, type: 'file', multiple: true, accept: ACCEPTED.join(','), maxSize: settings.maxBytes, maxItems: settings.maxPhotos - count },
    ],
  };
}

export function serializePhotos(photos: Array<{ photo: Photo; urls: PhotoUrls }>, settings: PhotoSettings): HalDocument {
  const count = photos.length;
  return {
    count,
    max: settings.maxPhotos,
    _links: { self: { href: '/me/photos' } },
    _embedded: { photos: photos.map(({ photo, urls }) => serializePhoto(photo, urls, count)) },
    ...(count < settings.maxPhotos ? { _templates: { upload: uploadTemplate(settings, count) } } : {}),
  };
}
