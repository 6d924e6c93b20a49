export type GroupCommitOptions = {
  /** How long the first item of a batch waits for others, in milliseconds. */
  windowMs: number;
  /** A batch is written at once when it reaches this many items... */
  maxItems: number;
  /** ...or this total weight (rows, for ingest). */
  maxWeight: number;
};

export type GroupCommitStats = { batches: number; items: number; fallbacks: number };

type Pending<T, R> = { item: T; weight: number; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * Collects items submitted by concurrent callers and writes them together, one batch
 * at a time. Each caller's promise settles only after the batch holding its item was
 * written. When a batch fails, its items are written again one by one, so that only
 * the item at fault fails and the others are stored.
 */
export class GroupCommit<T, R> {
  private queue: Pending<T, R>[] = [];
  private queuedWeight = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  readonly stats: GroupCommitStats = { batches: 0, items: 0, fallbacks: 0 };

  constructor(
    private readonly writeBatch: (items: T[]) => Promise<R[]>,
    private readonly weigh: (item: T) => number,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const weight = this.weigh(item);
      this.queue.push({ item, weight, resolve, reject });
      this.queuedWeight += weight;
      this.schedule();
    });
  }

  /** Waits until every submitted item was written. */
  async drain(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      if (!this.running) this.flushNow();
      await this.running;
    }
  }

  private schedule(): void {
    // While a batch is being written, new items wait for it to finish: the next batch
    // starts right after, with everything that arrived meanwhile.
    if (this.running) return;
    const full = this.queue.length >= this.options.maxItems || this.queuedWeight >= this.options.maxWeight;
    if (full) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), this.options.windowMs);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.queue.length === 0) return;

    const batch = this.takeBatch();
    this.running = this.flush(batch).finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.flushNow();
    });
  }

  private takeBatch(): Pending<T, R>[] {
    let count = 0;
    let weight = 0;
    while (count < this.queue.length && count < this.options.maxItems) {
      if (count > 0 && weight + this.queue[count]!.weight > this.options.maxWeight) break;
      weight += this.queue[count]!.weight;
      count += 1;
    }
    this.queuedWeight -= weight;
    return this.queue.splice(0, count);
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
