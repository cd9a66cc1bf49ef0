import { ApiError } from '../../errors.js';
import type { HalClient } from '../../hal-client.js';
import { sendAnswer, type AnswerOutcome } from '../discover/answer.js';
import type { Card } from './deck.js';

export interface AnswerEvents {
  /** The API took the answer. */
  answered(card: Card, outcome: AnswerOutcome): void;
  /** The person left, or moved out of reach, since their page was loaded (404): not counted. */
  gone(card: Card): void;
  /** Anything else (snoozed meanwhile, logged out, the API gone): swiping must stop and say so. */
  failed(err: unknown): void;
}

/**
 * Likes and passes sent in the background, one after another in the order they were given, so
 * that a key only has to paint the next card. What they turn out to be (a match, someone gone, an
 * error that ends swiping) is told through `events`; idle() waits for all of them, as an undo,
 * a block and quitting must.
 */
export class Answers {
  private chain: Promise<void> = Promise.resolve();
  private failure?: { err: unknown };

  constructor(
    private readonly client: HalClient,
    private readonly events: AnswerEvents,
  ) {}

  send(card: Card, verb: 'like' | 'pass'): void {
    this.chain = this.chain.then(async () => {
      try {
        // After a failure nothing more is sent: the person is about to be told that swiping stopped.
        if (this.failure) return;
        const outcome = await sendAnswer(this.client, card.person, verb);
        this.events.answered(card, outcome);
      } catch (err) {
        if (err instanceof ApiError && err.problem.status === 404) this.events.gone(card);
        else {
          this.failure = { err };
          this.events.failed(err);
        }
      }
    });
  }

  /** The error that ends swiping, once one answer has failed for good. */
  get failed(): { err: unknown } | undefined {
    return this.failure;
  }

  /** Resolves when every answer given so far is settled; rejects with the one that ended swiping. */
  async idle(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure.err;
  }
}
