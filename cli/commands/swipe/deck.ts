import { setMaxListeners } from 'node:events';
import type { HalClient } from '../../hal-client.js';
import { linkOf, type HalDocument } from '../../hal.js';
import { candidatesOf } from '../discover/candidates.js';
import { photosOf } from '../discover/card.js';
import { drawImage, thumbnailBytes } from '../photos/render.js';
import { photoBox, photoRows, wordRows, type Size } from './layout.js';

/** A card laid out for one size: its photos as rows of half blocks side by side, and its words. */
export interface Face {
  photos: string[];
  words: string[];
}

/** The words of a card for a width (name, distance, bio, tags…), as the screen shows them. */
export type WordsOf = (person: HalDocument, columns: number) => string[];

export interface Card {
  person: HalDocument;
  /** The photos' thumbnails, fetched when the card is dealt, so they are there on time (a failure is left out). */
  photos: Promise<Buffer[]>;
  /** The first `count` photos drawn as lines of half blocks within columns × rows; drawn once per size (a resize asks again). */
  art(count: number, columns: number, rows: number): Promise<string[][]>;
  /**
   * The card laid out for a size, once: asked ahead for the card that comes next, so that the key
   * which brings it on only has to paint it. Never fails (a photo that cannot be drawn is left out).
   */
  face(size: Size): Promise<Face>;
}

/** A card whose drawings are kept per size: swiping back and forth between two sizes draws nothing twice. */
function cardOf(person: HalDocument, photos: Promise<Buffer[]>, wordsOf: WordsOf): Card {
  const drawn = new Map<string, Promise<string[][]>>();
  const faces = new Map<string, Promise<Face>>();
  const card: Card = {
    person,
    photos,
    art(count, columns, rows) {
      const key = `${count}:${columns}x${rows}`;
      let art = drawn.get(key);
      if (!art) {
        art = photos.then((list) => Promise.all(list.slice(0, count).map(async (bytes) => (await drawImage(bytes, columns, rows)) ?? [])));
        drawn.set(key, art);
      }
      return art;
    },
    face(size) {
      const key = `${size.columns}x${size.rows}`;
      let face = faces.get(key);
      if (!face) {
        face = layOut(card, size, wordsOf);
        faces.set(key, face);
      }
      return face;
    },
  };
  return card;
}

async function layOut(card: Card, size: Size, wordsOf: WordsOf): Promise<Face> {
  const words = wordsOf(card.person, size.columns - 1);
  const photos = await card.photos.catch(() => []);
  const box = photoBox(photos.length, size, wordRows(words, size));
  const art = box ? await card.art(box.count, box.columns, box.rows).catch(() => []) : [];
  return { words, photos: box ? photoRows(art) : [] };
}

// The next page is asked for while this many cards are still to come: it is there before the last is answered.
const PREFETCH = 3;

/**
 * Candidates one at a time, with the next few already fetched and their photos already
 * downloaded while the person decides; pages are followed through `next` before the deck runs
 * dry. Everything it fetches ahead is dropped by close(), so quitting leaves no request behind.
 */
export class Deck {
  private readonly queue: Card[] = [];
  private page: HalDocument;
  private loading?: Promise<void>;
  private readonly seen = new Set<string>();
  private readonly abort = new AbortController();

  constructor(
    private readonly client: HalClient,
    first: HalDocument,
    private readonly photosPerCard: number,
    private readonly wordsOf: WordsOf,
  ) {
    // One signal stops every fetch ahead (a page's photos: up to 10 cards × photosPerCard at once), so
    // its listeners are many by design, not a leak: without this, Node printed a warning over the card.
    setMaxListeners(0, this.abort.signal);
    this.page = first;
    this.deal(candidatesOf(first));
  }

  get radius(): number | undefined {
    return typeof this.page.radius === 'number' ? this.page.radius : undefined;
  }

  private deal(people: HalDocument[]): void {
    for (const person of people) {
      // Answers between pages shift nobody onto a later page twice, but a repeat is skipped regardless.
      if (this.seen.has(String(person.username))) continue;
      this.seen.add(String(person.username));
      const photos = photosOf(person).slice(0, this.photosPerCard);
      const bytes = Promise.all(photos.map((photo) => thumbnailBytes(this.client, photo, this.abort.signal))).then((list) => list.filter((b): b is Buffer => b !== undefined));
      bytes.catch(() => {}); // shown when the card is; a failure shows as no photo, never as a crash
      this.queue.push(cardOf(person, bytes, this.wordsOf));
    }
  }

  private refill(): Promise<void> {
    const next = linkOf(this.page, 'next');
    if (!this.loading && next && !this.abort.signal.aborted) {
      this.loading = this.client.get(next.href, this.abort.signal).then(
        (page) => {
          this.page = page;
          this.deal(candidatesOf(page));
          this.loading = undefined;
        },
        (err) => {
          // Asked again by the next call: a failure ahead of time is seen only when its cards are needed.
          this.loading = undefined;
          throw err;
        },
      );
    }
    return this.loading ?? Promise.resolve();
  }

  /** Puts a card back on top: the next one dealt (a pass taken back, or the card it interrupted). */
  putBack(card: Card): void {
    this.queue.unshift(card);
  }

  /** The card that comes next, if it is here already: the one to lay out ahead. */
  peek(): Card | undefined {
    return this.queue[0];
  }

  /** The next card, or undefined when no one is left. */
  async next(): Promise<Card | undefined> {
    if (this.queue.length === 0) await this.refill();
    const card = this.queue.shift();
    if (this.queue.length < PREFETCH) this.refill().catch(() => {}); // retried by the next call
    return card;
  }

  /** Drops the page and the photos still being fetched. */
  close(): void {
    this.abort.abort();
  }
}
