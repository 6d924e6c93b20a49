export type GroupCommitOptions = {
  /** How long the first item of a batch waits for others, in milliseconds. */
  windowMs: number;
  /** A batch is written at once when it reaches this many items... */
  maxItems: number;
  /** ...or this total weight (rows, for ingest). */
  maxWeight: number;
  /** Batches written at the same time, each on its own connection. */
  maxInFlight: number;
};

export type GroupCommitStats = { batches: number; items: number; fallbacks: number };

type Pending<T, R> = { item: T; key: string; weight: number; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Collects items submitted by concurrent callers and writes them together, up to
 * `maxInFlight` batches at a time. Items with the same key (for ingest: the same host)
 * are never in two batches at once, so batches in flight write disjoint rows and the
 * order of one key's writes is the order of its batches. Each caller's promise settles
 * only after the batch holding its item was written. When a batch fails, its items are
 * written again one by one, so that only the item at fault fails and the others are
 * stored.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private queuedWeight = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<Promise<void>>();
  // Keys of the items of the batches in flight.
  private readonly busyKeys = new Map<string, number>();
  readonly stats: GroupCommitStats = { batches: 0, items: 0, fallbacks: 0 };

  constructor(
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly weigh: (item: T) => number,
    private readonly keyOf: (item: T) => string,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = this.weigh(item);
      this.queue.push({ item, key: this.keyOf(item), weight, resolve, reject });
      this.queuedWeight += weight;
      this.schedule();
    });
  }

  /** Waits until every submitted item was written. */
  async drain(): Promise<void> {
    while (this.running.size > 0 || this.queue.length > 0) {
      if (this.running.size === 0) this.flushNow();
      await Promise.race(this.running);
    }
  }

  private schedule(): void {
    // With every slot busy, new items wait for a batch to finish: the next batch starts
    // right after, with everything that arrived meanwhile.
    if (this.running.size >= this.options.maxInFlight) return;
    const full = this.queue.length >= this.options.maxItems || this.queuedWeight >= this.options.maxWeight;
    if (full) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), this.options.windowMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running.size < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      // Every queued item belongs to a key of a batch in flight: its end flushes again.
      if (batch.length === 0) return;
      const flushing: Promise<void> = this.flush(batch).finally(() => {
        this.running.delete(flushing);
        for (const { key } of batch) this.release(key);
        if (this.queue.length > 0) this.flushNow();
      });
      this.running.add(flushing);
    }
  }

  // Takes queued items in order, up to the limits, leaving those whose key is busy. An
  // item left behind holds back the later items of its key, which keeps their order.
  private takeBatch(): Pending<T, R>[] {
    const batch: Pending<T, R>[] = [];
    const left: Pending<T, R>[] = [];
    const heldKeys = new Set<string>();
    let weight = 0;
    for (const pending of this.queue) {
      const fits = batch.length < this.options.maxItems && (batch.length === 0 || weight + pending.weight <= this.options.maxWeight);
      if (fits && !this.busyKeys.has(pending.key) && !heldKeys.has(pending.key)) {
        batch.push(pending);
        weight += pending.weight;
      } else {
        left.push(pending);
        heldKeys.add(pending.key);
      }
    }
    for (const { key } of batch) this.busyKeys.set(key, (this.busyKeys.get(key) ?? 0) + 1);
    this.queue = left;
    this.queuedWeight -= weight;
    return batch;
  }

  private release(key: string): void {
    const count = this.busyKeys.get(key)! - 1;
    if (count === 0) this.busyKeys.delete(key);
    else this.busyKeys.set(key, count);
  }

  private async flush(batch: Pending<T, R>[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.items += batch.length;
    try {
      const results = await this.writeBatch(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => pending.resolve(results[index]!));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
    }

    this.stats.fallbacks += 1;
    for (const pending of batch) {
      try {
        const [result] = await this.writeBatch([pending.item]);
        pending.resolve(result!);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
