import type { HalClient } from '../../hal-client.js';
import { linkOf, type HalDocument } from '../../hal.js';
import { candidatesOf } from '../discover/candidates.js';
import { photosOf } from '../discover/card.js';
import { drawImage, thumbnailBytes } from '../photos/render.js';

export interface Card {
  person: HalDocument;
  /** The photos' thumbnails, fetched when the card is dealt, so they are there on time (a failure is left out). */
  photos: Promise<Buffer[]>;
  /** The first `count` photos drawn as lines of half blocks within columns × rows; drawn once per size (a resize asks again). */
  art(count: number, columns: number, rows: number): Promise<string[][]>;
}

/** A card whose drawings are kept per size: swiping back and forth between two sizes draws nothing twice. */
function cardOf(person: HalDocument, photos: Promise<Buffer[]>): Card {
  const drawn = new Map<string, Promise<string[][]>>();
  return {
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
  };
}

const PREFETCH = 3;

/**
 * Candidates one at a time, with the next few already fetched and their photos already
 * drawn while the person decides; pages are followed through `next` before the deck runs dry.
 */
export class Deck {
  private readonly queue: Card[] = [];
  private page: HalDocument;
  private loading?: Promise<void>;
  private readonly seen = new Set<string>();

  constructor(
    private readonly client: HalClient,
    first: HalDocument,
    private readonly photosPerCard: number,
  ) {
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
      const bytes = Promise.all(photos.map((photo) => thumbnailBytes(this.client, photo))).then((list) => list.filter((b): b is Buffer => b !== undefined));
      bytes.catch(() => {}); // shown when the card is; a failure shows as no photo, never as a crash
      this.queue.push(cardOf(person, bytes));
    }
  }

  private refill(): Promise<void> {
    if (!this.loading && linkOf(this.page, 'next')) {
      this.loading = this.client.follow(this.page, 'next').then(
        (page) => {
          this.page = page;
          this.deal(candidatesOf(page));
          this.loading = undefined;
        },
        (err) => {
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

  /** The next card, or undefined when no one is left. */
  async next(): Promise<Card | undefined> {
    if (this.queue.length === 0) await this.refill();
    const card = this.queue.shift();
    if (this.queue.length < PREFETCH) this.refill().catch(() => {}); // retried by the next call
    return card;
  }
}
