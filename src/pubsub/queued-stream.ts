import type { EventStream } from './types.ts';

// A subscriber whose socket drains slower than events arrive loses its oldest queued
// events beyond this count, so one slow client cannot grow the process's memory.
export const MAX_QUEUED_EVENTS = 256;

type Waiter<T> = { resolve(result: IteratorResult<T>): void; reject(error: unknown): void };

export type QueuedStreamOptions = {
  /** Removes the stream's listener; called once, on return(), throw() or fail(). */
  onClose: () => void;
  /** Called on the first event dropped because the queue was full. */
  onOverflow?: () => void;
};

/**
 * An event stream fed by push(). Events wait in a bounded queue until next() takes
 * them; a next() that finds the queue empty waits for the next push().
 */
export class QueuedEventStream<T> implements EventStream<T> {
  ready: Promise<void> = Promise.resolve();
  private readonly queue: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;
  private overflowed = false;

  constructor(private readonly options: QueuedStreamOptions) {}

  /** Sets the promise behind `ready`; a rejection is also delivered through next(). */
  setReady(ready: Promise<void>): void {
    ready.catch(() => undefined);
    this.ready = ready;
  }

  push(event: T): void {
    if (this.closed) return;

    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ value: event, done: false });
      return;
    }

    if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.queue.shift();
      if (!this.overflowed) this.options.onOverflow?.();
      this.overflowed = true;
    }
    this.queue.push(event);
  }

  /** Ends the stream with an error: the pending or the next call of next() rejects with it. */
  fail(error: unknown): void {
    if (this.closed) return;

    const waiter = this.waiters.shift();
    if (waiter) waiter.reject(error);
    else this.failure = { error };
    this.finish();
  }

  next(): Promise<IteratorResult<T>> {
    const event = this.queue.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });

    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });

    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
    this.options.onClose();
  }
}

/**
 * Wraps a stream so that only events for which `predicate` resolves true come through,
 * in their original order. A rejected predicate closes the source and rejects next().
 */
export function filterStream<T>(source: EventStream<T>, predicate: (event: T) => Promise<boolean>): EventStream<T> {
  return {
    ready: source.ready,
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done) return result;

        let keep: boolean;
        try {
          keep = await predicate(result.value);
        } catch (error) {
          await source.return();
          throw error;
        }
        if (keep) return result;
      }
    },
    return: () => source.return(),
    throw: (error?: unknown) => source.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
