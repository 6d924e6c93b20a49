import type { Logger } from 'pino';

import type { AgentReport } from './agent-report.ts';
import type { ReportSpool } from './spool.ts';

/** Minimum time between two warnings about dropped reports during a long outage. */
const DROP_LOG_INTERVAL_MS = 60_000;

type Entry = {
  id: string;
  collectedAtMs: number;
  /** Serialized report while it lives only in memory; null once it is in the spool. */
  json: string | null;
  fileName: string | null;
  removed: boolean;
};

export type ReportBufferOptions = {
  /** Most reports kept; when full, the oldest are dropped. */
  maxReports: number;
  /** Disk copy of unsent reports, or null to keep them in memory only. */
  spool: ReportSpool | null;
  logger: Logger;
};

/**
 * Bounded queue of unsent reports, oldest first. Reports are kept serialized, and once
 * spooled only their ids stay in memory, so a long outage costs disk rather than heap.
 */
export class ReportBuffer {
  private entries: Entry[] = [];
  private droppedSinceLog = 0;
  private droppedTotal = 0;
  private lastDropLogAtMs = Number.NEGATIVE_INFINITY;
  private readonly pendingRemovals = new Set<Promise<void>>();
  private persisting: Promise<void> = Promise.resolve();

  private constructor(private readonly options: ReportBufferOptions) {}

  /** Creates a buffer holding the reports a previous run left in the spool. */
  static async open(options: ReportBufferOptions): Promise<ReportBuffer> {
    const buffer = new ReportBuffer(options);
    if (options.spool !== null) {
      await options.spool.open();
      for (const spooled of await options.spool.list()) {
        buffer.append({ ...spooled, json: null, removed: false });
      }
      if (buffer.size > 0) {
        options.logger.info({ reports: buffer.size }, 'Load spooled reports');
      }
    }
    return buffer;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Reports dropped because the buffer was full, since this buffer was opened. */
  get droppedCount(): number {
    return this.droppedTotal;
  }

  /** Ids of the queued reports, oldest first. */
  get ids(): string[] {
    return this.entries.map((entry) => entry.id);
  }

  push(report: AgentReport): void {
    this.append({
      id: report.id,
      collectedAtMs: Date.parse(report.collectedAt),
      json: JSON.stringify(report),
      fileName: null,
      removed: false,
    });
  }

  /**
   * Reads up to `max` of the oldest reports. A report whose spool file vanished or no
   * longer parses is dropped with a warning, because it can never be sent.
   */
  async readOldest(max: number): Promise<AgentReport[]> {
    const reports: AgentReport[] = [];
    for (const entry of this.entries.slice(0, max)) {
      const json = entry.json ?? (entry.fileName === null ? null : await this.options.spool?.read(entry.fileName));
      if (entry.removed) {
        continue;
      }
      try {
        if (json == null) {
          throw new Error('spool file is missing');
        }
        reports.push(JSON.parse(json) as AgentReport);
      } catch (error) {
        this.options.logger.warn({ reportId: entry.id, err: error }, 'Drop unreadable report');
        this.remove([entry.id]);
      }
    }
    return reports;
  }

  /** Removes reports by id (sent, or rejected for good) and deletes their spool files. */
  remove(ids: Iterable<string>): void {
    const removing = new Set(ids);
    if (removing.size === 0) {
      return;
    }
    const kept: Entry[] = [];
    for (const entry of this.entries) {
      if (removing.has(entry.id)) {
        this.discard(entry);
      } else {
        kept.push(entry);
      }
    }
    this.entries = kept;
  }

  /**
   * Writes every report that lives only in memory to the spool, after pending file
   * removals. Calls run one after another, so no report is written twice.
   */
  persist(): Promise<void> {
    this.persisting = this.persisting.then(() => this.writeUnspooled());
    return this.persisting;
  }

  private async writeUnspooled(): Promise<void> {
    const spool = this.options.spool;
    if (spool === null) {
      return;
    }
    await Promise.all(this.pendingRemovals);
    for (const entry of this.entries) {
      if (entry.json === null || entry.fileName !== null) {
        continue;
      }
      try {
        const fileName = await spool.write(entry.id, entry.collectedAtMs, entry.json);
        entry.fileName = fileName;
        entry.json = null;
        // The report may have been sent or dropped while the file was written.
        if (entry.removed) {
          await spool.remove(fileName);
        }
      } catch (error) {
        this.options.logger.warn({ reportId: entry.id, err: error }, 'Spool report failed; keeping it in memory');
        return;
      }
    }
  }

  private append(entry: Entry): void {
    this.entries.push(entry);
    const excess = this.entries.length - this.options.maxReports;
    if (excess <= 0) {
      return;
    }
    for (const dropped of this.entries.splice(0, excess)) {
      this.discard(dropped);
    }
    this.droppedSinceLog += excess;
    this.droppedTotal += excess;
    this.logDrops();
  }

  private logDrops(): void {
    const now = Date.now();
    if (now - this.lastDropLogAtMs < DROP_LOG_INTERVAL_MS) {
      return;
    }
    this.options.logger.warn(
      { dropped: this.droppedSinceLog, droppedTotal: this.droppedTotal, maxReports: this.options.maxReports },
      'Drop oldest reports (buffer full)',
    );
    this.droppedSinceLog = 0;
    this.lastDropLogAtMs = now;
  }

  private discard(entry: Entry): void {
    entry.removed = true;
    entry.json = null;
    if (entry.fileName !== null && this.options.spool !== null) {
      const removal = this.options.spool.remove(entry.fileName).finally(() => this.pendingRemovals.delete(removal));
      this.pendingRemovals.add(removal);
    }
  }
}
