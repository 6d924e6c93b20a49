import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import type { AlertChangedEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import {
  claimNextNotification,
  countNotifications,
  deleteNotification,
  insertNotifications,
  recordFailedAttempt,
  trimNotifications,
  type ClaimedNotification,
} from './notification-outbox.ts';
import { backoffMs, DEFAULT_WEBHOOK_LIMITS, discardNotifications, postWebhook, webhookPayload, type AlertNotifier, type WebhookLimits } from './webhook.ts';

// Thrown inside a claiming transaction when close() aborted the post, so that the
// transaction rolls back and the attempt is not counted.
class DeliveryStopped extends Error {
  override name = 'DeliveryStopped';
}

/**
 * Posts alert notifications from the alert_notifications outbox to one webhook URL,
 * retrying failures with exponential backoff and jitter. Every process with a webhook
 * URL runs one. Each post happens inside the transaction that claimed the row with
 * FOR UPDATE SKIP LOCKED, and a success deletes the row in that same transaction, so two
 * notifiers never send the same row at once. That transaction keeps one pool connection
 * for the length of the post, at most requestTimeoutMs. Delivery is at least once: when
 * a process dies after the receiver accepted a post but before the commit, the row stays
 * and is sent again.
 */
export class WebhookNotifier implements AlertNotifier {
  private readonly stopping = new AbortController();
  private started = false;
  private draining: Promise<void> | null = null;
  // A wake() during a drain: another drain runs after it, for rows that the first may have missed.
  private wakeRequested = false;
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(
    private readonly pool: Pool,
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly logger: Logger,
    private readonly limits: WebhookLimits = DEFAULT_WEBHOOK_LIMITS,
  ) {}

  async enqueue(client: pg.PoolClient, changes: AlertChangedEvent[]): Promise<void> {
    if (changes.length === 0) return;
    await insertNotifications(
      client,
      changes.map((change) => ({ ...change, payload: webhookPayload(change) })),
    );

    const projectIds = [...new Set(changes.map((change) => change.projectId))];
    const dropped = await trimNotifications(client, projectIds, this.limits.maxQueued);
    if (dropped > 0) this.countDropped(dropped, projectIds);
  }

  /** Starts delivery: sends what the outbox contains now, then whatever later becomes due. */
  start(): void {
    this.started = true;
    this.wake();
  }

  wake(): void {
    if (!this.started || this.stopping.signal.aborted) return;
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }

    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        this.wake();
      }
    });
  }

  async close(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.draining;

    const left = await countNotifications(this.pool).catch(() => null);
    if (left) this.logger.info({ notifications: left }, 'Stopped alert webhook; notifications wait in the outbox for the next start');
  }

  /** Sends due notifications until none is left, then sets the timer for the next drain. */
  private async drain(): Promise<void> {
    clearTimeout(this.timer);
    let nextDrainMs = this.limits.pollIntervalMs;
    try {
      while (!this.stopping.signal.aborted) {
        const outcome = await withTransaction(this.pool, (client) => this.sendNext(client));
        if (outcome === 'none-due') break;
        if (typeof outcome === 'number') nextDrainMs = Math.min(nextDrainMs, outcome);
      }
    } catch (error) {
      if (!(error instanceof DeliveryStopped) && !this.stopping.signal.aborted) {
        this.logger.warn({ err: error, retryInMs: nextDrainMs }, 'Failed alert outbox query; retrying');
      }
    }
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => this.wake(), nextDrainMs);
    this.timer.unref();
  }

  /**
   * Claims the next due notification and posts it. Returns 'none-due' when there was
   * none, the retry delay in ms after a failure worth retrying, else 'done'.
   */
  private async sendNext(client: pg.PoolClient): Promise<'none-due' | 'done' | number> {
    const notification = await claimNextNotification(client);
    if (!notification) return 'none-due';

    const failure = await postWebhook({
      url: this.url,
      secret: this.secret,
      body: JSON.stringify(notification.payload),
      timeoutMs: this.limits.requestTimeoutMs,
      signal: this.stopping.signal,
    });

    if (failure === null) {
      await deleteNotification(client, notification.id);
      this.logger.debug(logFields(notification), 'Sent alert webhook');
      return 'done';
    }
    if (this.stopping.signal.aborted) throw new DeliveryStopped();
    return this.handleFailure(client, notification, failure.reason, failure.retry);
  }

  private async handleFailure(client: pg.PoolClient, notification: ClaimedNotification, reason: string, retry: boolean): Promise<'done' | number> {
    const fields = { ...logFields(notification), reason };
    if (!retry || fields.attempt >= this.limits.maxAttempts) {
      await deleteNotification(client, notification.id);
      this.logger.error(fields, 'Failed alert webhook; giving up');
      return 'done';
    }

    const delayMs = backoffMs(this.limits, fields.attempt);
    await recordFailedAttempt(client, notification.id, delayMs, reason);
    this.logger.warn({ ...fields, retryInMs: delayMs }, 'Failed alert webhook; retrying');
    return delayMs;
  }

  private countDropped(count: number, projectIds: string[]): void {
    const before = this.dropped;
    this.dropped += count;
    // Logged for the first drop and then once per hundred, so an outage does not flood the log.
    if (before === 0 || Math.floor(before / 100) !== Math.floor(this.dropped / 100)) {
      this.logger.warn({ dropped: this.dropped, maxQueuedPerProject: this.limits.maxQueued, projectIds }, 'Dropped oldest alert notifications; outbox full');
    }
  }
}

/** Returns the ids of a notification and the number of the attempt being made, for log lines. */
function logFields(notification: ClaimedNotification) {
  const { id, ruleId, hostId, subject, attempts } = notification;
  return { notificationId: id, ruleId, hostId, subject, attempt: attempts + 1 };
}

/** Creates and starts a webhook notifier when a webhook URL is configured, else returns one that discards. */
export function createAlertNotifier(config: Pick<Config, 'alertWebhook'>, pool: Pool, logger: Logger): AlertNotifier {
  const { url, secret } = config.alertWebhook;
  if (!url) return discardNotifications;
  logger.info({ webhookHost: new URL(url).host, signed: Boolean(secret) }, 'Configured alert webhook');
  const notifier = new WebhookNotifier(pool, url, secret, logger);
  notifier.start();
  return notifier;
}
