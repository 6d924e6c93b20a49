import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { AlertChangedEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';

export const SIGNATURE_HEADER = 'x-sentinel-signature';
export const TIMESTAMP_HEADER = 'x-sentinel-timestamp';

/** Delivery limits of a webhook notifier; tests shorten the delays. */
export type WebhookLimits = {
  // Notifications waiting beyond this many drop the oldest first.
  maxQueued: number;
  maxAttempts: number;
  // The first retry waits between half and all of this, each later one twice as long, up to maxDelayMs.
  baseDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
};

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = {
  maxQueued: 1_000,
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  requestTimeoutMs: 10_000,
};

/** Sends alert changes to operators. notify() only enqueues, so it returns at once and does not throw. */
export interface AlertNotifier {
  notify(change: AlertChangedEvent): void;
  /** Stops delivery; notifications still queued are dropped and counted in the log. */
  close(): Promise<void>;
}

/** A notifier for processes without a webhook URL. */
export const discardNotifications: AlertNotifier = { notify: () => undefined, close: async () => undefined };

/** Builds the Signal-style JSON body of a notification. */
export function webhookPayload(change: AlertChangedEvent) {
  const status = change.toState === 'firing' ? 'firing' : 'resolved';
  const target = change.subject ? `${change.hostName} ${change.subject}` : change.hostName;
  const title =
    status === 'firing' ? `${change.ruleName}: ${change.metric} threshold exceeded on ${target}` : `${change.ruleName}: resolved on ${target}`;
  return {
    source: 'sentinel',
    status,
    title,
    message: `Current: ${change.value === null ? 'no value' : roundForDisplay(change.value)}, Threshold: ${change.threshold}`,
    severity: change.severity,
    data: {
      host_id: change.hostId,
      host_name: change.hostName,
      rule_id: change.ruleId,
      metric: change.metric,
      subject: change.subject,
      value: change.value,
      threshold: change.threshold,
      at: change.at,
    },
  };
}

/** Computes the X-Sentinel-Signature value: HMAC-SHA256 of the raw body, hex. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function roundForDisplay(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Tells whether a failed response is worth another attempt. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Posts alert changes to one webhook URL from a bounded in-memory queue, one request at
 * a time, retrying failures with exponential backoff and jitter. Evaluation only
 * enqueues, so a slow or unreachable receiver never delays it.
 * NOTE: the queue lives in memory, so notifications still queued when the process
 * stops are lost; their alert_events rows remain.
 */
export class WebhookNotifier implements AlertNotifier {
  private readonly queue: AlertChangedEvent[] = [];
  private readonly stopping = new AbortController();
  private draining: Promise<void> | null = null;
  private dropped = 0;

  constructor(
    private readonly url: string,
    private readonly secret: string | undefined,
    private readonly logger: Logger,
    private readonly limits: WebhookLimits = DEFAULT_WEBHOOK_LIMITS,
  ) {}

  notify(change: AlertChangedEvent): void {
    if (this.stopping.signal.aborted) return;
    if (this.queue.length >= this.limits.maxQueued) {
      const oldest = this.queue.shift()!;
      this.dropped += 1;
      // Logged for the first drop and then every hundredth, so an outage does not flood the log.
      if (this.dropped === 1 || this.dropped % 100 === 0) {
        this.logger.warn({ ruleId: oldest.ruleId, hostId: oldest.hostId, dropped: this.dropped, maxQueued: this.limits.maxQueued }, 'Dropped alert notification; queue full');
      }
    }
    this.queue.push(change);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await this.draining;
    if (this.queue.length > 0) this.logger.warn({ notifications: this.queue.length }, 'Dropped queued alert notifications at shutdown');
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopping.signal.aborted) {
      const change = this.queue.shift()!;
      await this.deliver(change);
    }
  }

  private async deliver(change: AlertChangedEvent): Promise<void> {
    const body = JSON.stringify(webhookPayload(change));
    const ids = { ruleId: change.ruleId, hostId: change.hostId, subject: change.subject, toState: change.toState };

    for (let attempt = 1; attempt <= this.limits.maxAttempts; attempt += 1) {
      const failure = await this.post(body);
      if (failure === null) {
        this.logger.debug({ ...ids, attempt }, 'Sent alert webhook');
        return;
      }
      if (!failure.retry || attempt === this.limits.maxAttempts) {
        this.logger.error({ ...ids, attempt, reason: failure.reason }, 'Failed alert webhook; giving up');
        return;
      }

      const delayMs = this.backoffMs(attempt);
      this.logger.warn({ ...ids, attempt, reason: failure.reason, retryInMs: delayMs }, 'Failed alert webhook; retrying');
      try {
        await sleep(delayMs, undefined, { signal: this.stopping.signal });
      } catch {
        return;
      }
    }
  }

  /** Sends one attempt; returns null on a 2xx response, else why it failed and whether to retry. */
  private async post(body: string): Promise<{ reason: string; retry: boolean } | null> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sentinel-alerts' };
    headers[TIMESTAMP_HEADER] = String(Math.floor(Date.now() / 1_000));
    if (this.secret) headers[SIGNATURE_HEADER] = signBody(this.secret, body);

    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.limits.requestTimeoutMs), this.stopping.signal]),
      });
      await response.body?.cancel();
      if (response.ok) return null;
      return { reason: `HTTP ${response.status}`, retry: retryable(response.status) };
    } catch (error) {
      return { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error), retry: true };
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }
}

/** Creates a webhook notifier when a webhook URL is configured, else one that discards. */
export function createAlertNotifier(config: Pick<Config, 'alertWebhook'>, logger: Logger): AlertNotifier {
  const { url, secret } = config.alertWebhook;
  if (!url) return discardNotifications;
  logger.info({ webhookHost: new URL(url).host, signed: Boolean(secret) }, 'Configured alert webhook');
  return new WebhookNotifier(url, secret, logger);
}
