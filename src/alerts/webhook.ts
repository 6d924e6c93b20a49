import { createHmac } from 'node:crypto';
import type pg from 'pg';
import type { AlertChangedEvent } from '../events/types.ts';

export const SIGNATURE_HEADER = 'x-sentinel-signature';
export const TIMESTAMP_HEADER = 'x-sentinel-timestamp';

/** Delivery limits of a webhook notifier; tests shorten the delays. */
export type WebhookLimits = {
  // Notifications stored beyond this many in one project drop that project's oldest first.
  maxQueued: number;
  maxAttempts: number;
  // The first retry waits between half and all of this, each later one twice as long, up to maxDelayMs.
  baseDelayMs: number;
  maxDelayMs: number;
  requestTimeoutMs: number;
  // How often an idle notifier looks for due notifications that no wake-up announced,
  // such as those a stopped process left.
  pollIntervalMs: number;
};

export const DEFAULT_WEBHOOK_LIMITS: WebhookLimits = {
  maxQueued: 1_000,
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  requestTimeoutMs: 10_000,
  pollIntervalMs: 10_000,
};

/**
 * Sends alert changes to operators through the alert_notifications outbox. enqueue()
 * only writes rows, so a slow or unreachable receiver never delays the caller.
 */
export interface AlertNotifier {
  /** Stores notifications of the given changes, all to firing or resolved, in the caller's transaction. */
  enqueue(client: pg.PoolClient, changes: AlertChangedEvent[]): Promise<void>;
  /** Starts sending what enqueue() stored. Callers call it after their transaction commits. */
  wake(): void;
  /** Stops delivery. Stored notifications wait for the next start. */
  close(): Promise<void>;
}

/** A notifier for processes without a webhook URL: it stores nothing. */
export const discardNotifications: AlertNotifier = { enqueue: async () => undefined, wake: () => undefined, close: async () => undefined };

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

/** Reason for a failed attempt, and whether another attempt may succeed. */
export type PostFailure = { reason: string; retry: boolean };

export type WebhookRequest = { url: string; secret: string | undefined; body: string; timeoutMs: number; signal: AbortSignal };

/** Sends one attempt. Returns null on a 2xx response, else the reason and whether to retry. */
export async function postWebhook(request: WebhookRequest): Promise<PostFailure | null> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'sentinel-alerts' };
  headers[TIMESTAMP_HEADER] = String(Math.floor(Date.now() / 1_000));
  if (request.secret) headers[SIGNATURE_HEADER] = signBody(request.secret, request.body);

  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      signal: AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal]),
    });
    await response.body?.cancel();
    if (response.ok) return null;
    return { reason: `HTTP ${response.status}`, retry: retryable(response.status) };
  } catch (error) {
    return { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error), retry: true };
  }
}

/** Returns the wait before the retry that follows failed attempt `attempt` (1 for the first). */
export function backoffMs(limits: Pick<WebhookLimits, 'baseDelayMs' | 'maxDelayMs'>, attempt: number): number {
  const ceiling = Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
