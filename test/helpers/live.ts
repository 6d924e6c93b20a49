import { randomBytes } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import type { Sentinel } from '../../src/app.ts';
import type { HostUpdatedEvent } from '../../src/events/types.ts';

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** Returns a fresh channel prefix, so that concurrent test files never share a channel. */
export function uniqueChannelPrefix(): string {
  return `sentinel-test-${randomBytes(5).toString('hex')}`;
}

export function webSocketUrl(app: Sentinel): string {
  return `${app.http.url.replace(/^http/, 'ws')}/graphql`;
}

/** Creates a graphql-ws client that does not retry, so that a rejected connection fails the test. */
export function connectClient(app: Sentinel, key: string): Client {
  return createClient({
    url: webSocketUrl(app),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${key}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
}

export type Subscription<T> = {
  /** Resolves with the next result, in arrival order. */
  next(): Promise<FormattedExecutionResult<T, unknown>>;
  /** Resolves when the server ends the subscription, with its errors if any. */
  ended: Promise<unknown[] | null>;
  dispose(): void;
};

/** Subscribes and queues every result, so a test can await them one by one. */
export function subscribe<T = Record<string, any>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Subscription<T> {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  const waiters: ((result: FormattedExecutionResult<T, unknown>) => void)[] = [];
  let endSubscription!: (errors: unknown[] | null) => void;
  const ended = new Promise<unknown[] | null>((resolveEnded) => {
    endSubscription = resolveEnded;
  });

  const dispose = client.subscribe<T>(
    { query, variables, operationName },
    {
      next: (result) => {
        const waiter = waiters.shift();
        if (waiter) waiter(result);
        else results.push(result);
      },
      error: (error) => endSubscription(Array.isArray(error) ? error : [error]),
      complete: () => endSubscription(null),
    },
  );

  return {
    next: () => {
      const queued = results.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolveNext) => waiters.push(resolveNext));
    },
    ended,
    dispose,
  };
}

const POLL_INTERVAL_MS = 10;

/**
 * Polls until `check` returns true, or until `graceMs` have passed when given. A test
 * that gives a grace period asserts the condition itself afterwards, so a failure
 * names the value instead of timing out.
 */
export async function waitUntil(check: () => boolean | Promise<boolean>, graceMs = Infinity): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (!(await check()) && Date.now() < deadline) {
    await new Promise((resolveDelay) => setTimeout(resolveDelay, POLL_INTERVAL_MS));
  }
}

export async function subscriberCount(redis: Redis, channel: string): Promise<number> {
  const reply = (await redis.pubsub('NUMSUB', channel)) as [string, number];
  return Number(reply[1]);
}

/** Waits until Redis lists `count` subscriber connections on the channel. */
export function waitForSubscribers(redis: Redis, channel: string, count: number): Promise<void> {
  return waitUntil(async () => (await subscriberCount(redis, channel)) === count);
}

/** Inserts a host row directly, for tests that publish their own events. */
export async function insertHost(
  app: Sentinel,
  projectId: string,
  labels: { name?: string; environment?: string; role?: string } = {},
): Promise<string> {
  const name = labels.name ?? 'web-1';
  const { rows } = await app.services.pool.query<{ id: string }>(
    `INSERT INTO hosts (project_id, name, hostname, agent_id, environment, role)
     VALUES ($1, $2, $2, gen_random_uuid()::text, $3, $4) RETURNING id`,
    [projectId, name, labels.environment ?? null, labels.role ?? null],
  );
  return rows[0]!.id;
}

export function hostUpdatedEvent(projectId: string, hostId: string, overrides: Partial<HostUpdatedEvent> = {}): HostUpdatedEvent {
  const now = new Date().toISOString();
  return {
    projectId,
    hostId,
    name: 'web-1',
    status: 'online',
    previousStatus: 'online',
    created: false,
    cpuUsagePercent: 12.5,
    memoryUsagePercent: 40,
    load1m: 0.5,
    lastSeenAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/**
 * Opens a raw graphql-transport-ws connection, sends connection_init with `params` and
 * resolves with the close code and reason, or with `acknowledged` if the server accepted.
 */
export function connectionOutcome(
  app: Sentinel,
  params: Record<string, unknown>,
): Promise<{ acknowledged: boolean; code: number; reason: string }> {
  return new Promise((resolveOutcome, reject) => {
    const socket = new WebSocket(webSocketUrl(app), 'graphql-transport-ws');
    let acknowledged = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type !== 'connection_ack') return;
      acknowledged = true;
      socket.close(1000, 'done');
    });
    socket.on('close', (code, reason) => resolveOutcome({ acknowledged, code, reason: String(reason) }));
    socket.on('error', reject);
  });
}

export function newRedis(url = SHARED_REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}

