import type { Logger } from 'pino';

import { backoffDelayMs } from './backoff.ts';
import type { ReportBuffer } from './buffer.ts';
import type { ReportClient, SendResult } from './client.ts';
import type { ReportMetricsInput } from '../generated/graphql.ts';
import type { AgentReport } from './agent-report.ts';

/** The protocol accepts at most this many reports in one request. */
export const MAX_REPORTS_PER_REQUEST = 100;

/** Failed attempts between two warnings during an outage; the others log at debug. */
const WARN_EVERY_ATTEMPTS = 10;

/** How many server warnings one log line lists; the rest are counted. */
const LOGGED_WARNINGS = 5;

export type ReportSenderOptions = {
  client: Pick<ReportClient, 'send'>;
  buffer: ReportBuffer;
  logger: Logger;
  /** Wraps queued reports in the request envelope (agent id, system info). */
  buildInput: (reports: AgentReport[]) => ReportMetricsInput;
  batchSize: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Delay after an authentication or whole-request rejection, which needs an operator. */
  rejectedRetryMs: number;
};

/**
 * Sends buffered reports oldest first in batches, one request at a time. After a
 * failure it waits (exponential backoff with full jitter) before trying again, and
 * new reports only queue meanwhile. Reports still unsent after a failure go to the spool.
 */
export class ReportSender {
  private flushing: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failedAttempts = 0;
  private failingSinceMs: number | null = null;
  private readonly abort = new AbortController();

  constructor(private readonly options: ReportSenderOptions) {}

  /**
   * Starts sending unless a send is running, a retry is pending or the sender stopped.
   * While a retry is pending, new reports go to the spool at once, so a crash during an
   * outage loses none of them.
   */
  kick(): void {
    if (this.retryTimer !== null) {
      void this.options.buffer.persist();
      return;
    }
    if (this.flushing !== null || this.abort.signal.aborted) {
      return;
    }
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
    });
  }

  /**
   * Stops retrying and makes one last attempt to send everything, bounded by
   * `timeoutMs`; whatever is left is written to the spool.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.clearRetry();
    const deadline = setTimeout(() => this.abort.abort(), timeoutMs);
    try {
      await this.flushing;
      if (!this.abort.signal.aborted && this.options.buffer.size > 0) {
        await this.flush();
      }
    } finally {
      clearTimeout(deadline);
      this.abort.abort();
      this.clearRetry();
      await this.options.buffer.persist();
    }
  }

  private async flush(): Promise<void> {
    const { buffer, batchSize } = this.options;
    const signal = this.abort.signal;

    while (buffer.size > 0 && !signal.aborted) {
      const reports = await buffer.readOldest(Math.min(batchSize, MAX_REPORTS_PER_REQUEST));
      if (reports.length === 0) {
        continue;
      }
      const result = await this.options.client.send(this.options.buildInput(reports), signal);
      if (!this.handleResult(result, reports)) {
        break;
      }
    }

    if (buffer.size > 0) {
      await buffer.persist();
    }
  }

  /** Applies one outcome; returns whether to go on sending now. */
  private handleResult(result: SendResult, reports: AgentReport[]): boolean {
    const { buffer, logger } = this.options;

    switch (result.kind) {
      case 'delivered': {
        this.recordSuccess(reports.length);
        const acknowledged = new Set([...result.payload.accepted, ...result.payload.duplicates]);
        const unacknowledged = reports.map((report) => report.id).filter((id) => !acknowledged.has(id));
        if (unacknowledged.length > 0) {
          // The server returned a result for the whole request, so sending these again would get the same result.
          logger.warn({ reportIds: unacknowledged }, 'Drop reports the server did not acknowledge');
        }
        buffer.remove(reports.map((report) => report.id));
        this.logWarnings(result.payload.warnings);
        return true;
      }

      case 'invalid-report': {
        if (!reports.some((report) => report.id === result.reportId)) {
          return this.scheduleRejectedRetry(result.message, null);
        }
        logger.error(
          { reportId: result.reportId, field: result.field, value: result.value, error: result.message },
          'Drop report rejected as invalid',
        );
        buffer.remove([result.reportId]);
        return true;
      }

      case 'unauthorized':
      case 'rejected':
        return this.scheduleRejectedRetry(result.message, result.status);

      case 'unavailable': {
        this.failedAttempts += 1;
        this.failingSinceMs ??= Date.now();
        const delayMs = backoffDelayMs(this.failedAttempts - 1, this.options.retryBaseMs, this.options.retryMaxMs);
        const level = this.failedAttempts === 1 || this.failedAttempts % WARN_EVERY_ATTEMPTS === 0 ? 'warn' : 'debug';
        logger[level](
          { attempt: this.failedAttempts, status: result.status, error: result.message, queued: buffer.size, retryInMs: delayMs },
          'Send reports failed; retrying',
        );
        this.scheduleRetry(delayMs);
        return false;
      }
    }
  }

  private scheduleRejectedRetry(message: string, status: number | null): boolean {
    this.options.logger.error(
      { status, error: message, queued: this.options.buffer.size, retryInMs: this.options.rejectedRetryMs },
      'Send reports rejected; check the API key and the endpoint',
    );
    this.failingSinceMs ??= Date.now();
    this.scheduleRetry(this.options.rejectedRetryMs);
    return false;
  }

  private recordSuccess(sent: number): void {
    if (this.failingSinceMs !== null) {
      this.options.logger.info(
        { failedForMs: Date.now() - this.failingSinceMs, sent, queued: this.options.buffer.size - sent },
        'Resume sending reports',
      );
    }
    this.failedAttempts = 0;
    this.failingSinceMs = null;
  }

  private logWarnings(warnings: Array<{ reportId: string | null; path: string; message: string }>): void {
    if (warnings.length === 0) {
      return;
    }
    this.options.logger.warn(
      { count: warnings.length, warnings: warnings.slice(0, LOGGED_WARNINGS) },
      'Accept reports with warnings',
    );
  }

  private scheduleRetry(delayMs: number): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  }
}
