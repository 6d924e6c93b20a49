import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { EventMap, EventName } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import { deliver } from './in-process.ts';
import { QueuedEventStream } from './queued-stream.ts';
import { ThrottledWarning } from './throttled-log.ts';
import { eventTopic } from './topics.ts';
import type { EventBus, EventFilter, EventStream } from './types.ts';

// Reconnect attempts wait 100 ms more each time, up to this, so that subscriptions
// resume within about a second of Redis coming back.
const RECONNECT_MAX_DELAY_MS = 1_000;
// A publish waits through this many reconnect attempts (about 1.5 s) and is then dropped:
// a live update that late is stale, and the next report publishes a fresh one.
const PUBLISH_MAX_RETRIES = 5;
const PING_TIMEOUT_MS = 1_000;

/**
 * Delivers events through Redis PUBLISH/SUBSCRIBE, so that every API process receives
 * every event. One connection publishes and one subscribes, as Redis requires: a connection in
 * subscriber mode cannot publish. A channel is subscribed while this process has at
 * least one stream on it.
 */
export class RedisEventBus implements EventBus {
  readonly transport = 'redis';
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly pubsub: RedisPubSub;
  private readonly streams = new Set<EventStream<unknown>>();
  private readonly publishFailures: ThrottledWarning;
  private readonly slowSubscribers: ThrottledWarning;

  constructor(
    url: string,
    private readonly channelPrefix: string,
    private readonly logger: Logger,
  ) {
    const retryStrategy = (attempt: number) => Math.min(attempt * 100, RECONNECT_MAX_DELAY_MS);
    this.publisher = new Redis(url, { retryStrategy, maxRetriesPerRequest: PUBLISH_MAX_RETRIES });
    // SUBSCRIBE sent while Redis is down waits for the reconnect instead of failing, and
    // ioredis subscribes again to every channel after a reconnect (autoResubscribe).
    this.subscriber = new Redis(url, { retryStrategy, maxRetriesPerRequest: null, autoResubscribe: true });
    watchConnection(this.publisher, 'publisher', logger);
    watchConnection(this.subscriber, 'subscriber', logger);
    this.pubsub = new RedisPubSub({ publisher: this.publisher, subscriber: this.subscriber });
    this.publishFailures = new ThrottledWarning(logger, 'Failed to publish event');
    this.slowSubscribers = new ThrottledWarning(logger, 'Dropped events of a slow subscriber');
  }

  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void {
    const channel = eventTopic(this.channelPrefix, event.projectId, name);
    // RedisPubSub.publish is async, so a payload that JSON cannot encode rejects here too.
    this.pubsub.publish(channel, event).catch((error: unknown) => this.publishFailures.warn({ err: error, channel }));
  }

  subscribe<Name extends EventName>(
    projectId: string,
    name: Name,
    filter?: EventFilter<Name>,
  ): EventStream<EventMap[Name]> {
    const channel = eventTopic(this.channelPrefix, projectId, name);
    const stream: QueuedEventStream<EventMap[Name]> = new QueuedEventStream({
      onClose: () => {
        this.streams.delete(stream);
        // RedisPubSub.unsubscribe of an id whose SUBSCRIBE is still pending would leave a
        // dead id behind that throws on the next message, so it waits for the subscription.
        subscription.then(
          (subscriptionId) => this.pubsub.unsubscribe(subscriptionId),
          () => undefined,
        );
      },
      onOverflow: () => this.slowSubscribers.warn({ channel }),
    });
    const subscription = this.pubsub.subscribe(channel, (event: EventMap[Name]) =>
      deliver(stream, filter, event, this.logger),
    );
    stream.setReady(subscription.then(() => undefined));
    subscription.catch((error: unknown) => {
      this.logger.error({ err: error, channel }, 'Failed to subscribe to channel');
      stream.fail(error);
    });

    this.streams.add(stream);
    return stream;
  }

  openStreamCount(): number {
    return this.streams.size;
  }

  async checkHealth(): Promise<void> {
    for (const [role, connection] of [
      ['publisher', this.publisher],
      ['subscriber', this.subscriber],
    ] as const) {
      if (connection.status !== 'ready') throw new Error(`Redis ${role} connection is ${connection.status}`);
    }
    await withTimeout(this.publisher.ping(), PING_TIMEOUT_MS, `Redis PING timed out after ${PING_TIMEOUT_MS} ms`);
  }

  /** Ends every open stream, then closes both connections after their pending replies. */
  async close(): Promise<void> {
    await Promise.all([...this.streams].map((stream) => stream.return()));
    await Promise.all([closeConnection(this.publisher), closeConnection(this.subscriber)]);
  }
}

/** Logs the first error of an outage and the reconnect that ends it, not every attempt. */
function watchConnection(connection: Redis, role: string, logger: Logger): void {
  let failing = false;
  connection.on('error', (error: Error) => {
    if (failing) return;
    failing = true;
    logger.warn({ err: error, role }, 'Lost Redis connection');
  });
  connection.on('ready', () => {
    if (!failing) return;
    failing = false;
    logger.info({ role }, 'Reconnected to Redis');
  });
}

async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    await connection.quit().catch(() => connection.disconnect());
    return;
  }
  // While Redis is down QUIT would wait for the reconnect, so the connection is dropped.
  connection.disconnect();
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
