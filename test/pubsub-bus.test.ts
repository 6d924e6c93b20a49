import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { InProcessEventBus } from '../src/pubsub/in-process.ts';
import { MAX_QUEUED_EVENTS } from '../src/pubsub/queued-stream.ts';
import { RedisEventBus } from '../src/pubsub/redis.ts';
import { eventTopic } from '../src/pubsub/topics.ts';
import type { EventBus } from '../src/pubsub/types.ts';
import { hostUpdatedEvent, newRedis, SHARED_REDIS_URL, subscriberCount, uniqueChannelPrefix, waitForSubscribers } from './helpers/live.ts';

const logger = createLogger('silent');
const prefix = uniqueChannelPrefix();
const redis = newRedis();
const buses: EventBus[] = [];

afterAll(async () => {
  await Promise.all(buses.map((bus) => bus.close()));
  redis.disconnect();
});

const transports: [string, () => EventBus][] = [
  ['in-process', () => new InProcessEventBus(logger)],
  ['redis', () => new RedisEventBus(SHARED_REDIS_URL, prefix, logger)],
];

function makeBus(create: () => EventBus): EventBus {
  const bus = create();
  buses.push(bus);
  return bus;
}

describe.each(transports)('event bus (%s)', (_transport, create) => {
  it('delivers events in publish order', async () => {
    const bus = makeBus(create);
    const projectId = randomUUID();
    const hostId = randomUUID();
    const stream = bus.subscribe(projectId, 'hostUpdated');
    await stream.ready;

    for (const cpu of [1, 2, 3]) bus.publish('hostUpdated', hostUpdatedEvent(projectId, hostId, { cpuUsagePercent: cpu }));

    const received = [await stream.next(), await stream.next(), await stream.next()];
    expect(received.map((result) => result.value?.cpuUsagePercent)).toEqual([1, 2, 3]);
    expect(received[0]!.value).toEqual(hostUpdatedEvent(projectId, hostId, { cpuUsagePercent: 1, updatedAt: received[0]!.value!.updatedAt, lastSeenAt: received[0]!.value!.lastSeenAt }));
    await stream.return();
  });

  it('keeps projects apart', async () => {
    const bus = makeBus(create);
    const [projectA, projectB] = [randomUUID(), randomUUID()];
    const streamA = bus.subscribe(projectA, 'hostUpdated');
    const streamB = bus.subscribe(projectB, 'hostUpdated');
    await Promise.all([streamA.ready, streamB.ready]);

    bus.publish('hostUpdated', hostUpdatedEvent(projectA, randomUUID(), { name: 'only-a' }));
    bus.publish('hostUpdated', hostUpdatedEvent(projectB, randomUUID(), { name: 'only-b' }));

    expect((await streamA.next()).value?.name).toBe('only-a');
    expect((await streamB.next()).value?.name).toBe('only-b');
    await streamA.return();
    await streamB.return();
  });

  it('applies the filter before queueing', async () => {
    const bus = makeBus(create);
    const projectId = randomUUID();
    const wanted = randomUUID();
    const stream = bus.subscribe(projectId, 'hostUpdated', (event) => event.hostId === wanted);
    await stream.ready;

    bus.publish('hostUpdated', hostUpdatedEvent(projectId, randomUUID(), { name: 'other' }));
    bus.publish('hostUpdated', hostUpdatedEvent(projectId, wanted, { name: 'wanted' }));

    expect((await stream.next()).value?.name).toBe('wanted');
    await stream.return();
  });

  it('ends a pending next on return', async () => {
    const bus = makeBus(create);
    const stream = bus.subscribe(randomUUID(), 'hostMetrics');
    await stream.ready;

    const pending = stream.next();
    await stream.return();

    expect(await pending).toEqual({ value: undefined, done: true });
    expect(bus.openStreamCount()).toBe(0);
  });

  it('drops the oldest events of a slow subscriber', async () => {
    const bus = makeBus(create);
    const projectId = randomUUID();
    const hostId = randomUUID();
    const stream = bus.subscribe(projectId, 'hostUpdated');
    // Read as events arrive, this stream shows when every event has reached this process.
    const witness = bus.subscribe(projectId, 'hostUpdated');
    await Promise.all([stream.ready, witness.ready]);
    const total = MAX_QUEUED_EVENTS + 10;

    for (let index = 0; index < total; index += 1) {
      bus.publish('hostUpdated', hostUpdatedEvent(projectId, hostId, { cpuUsagePercent: index }));
    }
    const sentinel = randomUUID();
    bus.publish('hostUpdated', hostUpdatedEvent(projectId, hostId, { name: sentinel }));

    while ((await witness.next()).value?.name !== sentinel);
    const received: number[] = [];
    for (;;) {
      const { value } = await stream.next();
      if (value?.name === sentinel) break;
      received.push(value!.cpuUsagePercent!);
    }
    expect(received).toHaveLength(MAX_QUEUED_EVENTS - 1);
    expect(received.at(-1)).toBe(total - 1);
    await stream.return();
    await witness.return();
  });

  it('publishes an unencodable event without throwing', async () => {
    const bus = makeBus(create);
    const projectId = randomUUID();
    const stream = bus.subscribe(projectId, 'hostUpdated');
    await stream.ready;

    const unencodable = { ...hostUpdatedEvent(projectId, randomUUID()), load1m: 1n as unknown as number };
    expect(() => bus.publish('hostUpdated', unencodable)).not.toThrow();
    bus.publish('hostUpdated', hostUpdatedEvent(projectId, randomUUID(), { name: 'after' }));

    expect((await stream.next()).value?.name).toBe('after');
    await stream.return();
  });

  it('ends open streams on close', async () => {
    const bus = create();
    const stream = bus.subscribe(randomUUID(), 'containerUpdated');
    await stream.ready;
    const pending = stream.next();

    await bus.close();

    expect((await pending).done).toBe(true);
    expect(bus.openStreamCount()).toBe(0);
  });
});

describe('redis event bus', () => {
  it('unsubscribes the channel after its last stream', async () => {
    const bus = makeBus(transports[1]![1]);
    const projectId = randomUUID();
    const channel = eventTopic(prefix, projectId, 'hostUpdated');
    const first = bus.subscribe(projectId, 'hostUpdated');
    const second = bus.subscribe(projectId, 'hostUpdated');
    await Promise.all([first.ready, second.ready]);
    expect(await subscriberCount(redis, channel)).toBe(1);

    await first.return();
    expect(await subscriberCount(redis, channel)).toBe(1);
    await second.return();

    await waitForSubscribers(redis, channel, 0);
    expect(bus.openStreamCount()).toBe(0);
  });

  it('releases a stream returned before SUBSCRIBE completed', async () => {
    const bus = makeBus(transports[1]![1]);
    const projectId = randomUUID();
    const channel = eventTopic(prefix, projectId, 'hostUpdated');

    const streams = Array.from({ length: 20 }, () => bus.subscribe(projectId, 'hostUpdated'));
    await Promise.all(streams.map((stream) => stream.return()));
    await Promise.all(streams.map((stream) => stream.ready));

    await waitForSubscribers(redis, channel, 0);
    const later = bus.subscribe(projectId, 'hostUpdated');
    await later.ready;
    bus.publish('hostUpdated', hostUpdatedEvent(projectId, randomUUID(), { name: 'after-race' }));
    expect((await later.next()).value?.name).toBe('after-race');
    await later.return();
  });

  it('reports health while connected', async () => {
    const bus = makeBus(transports[1]![1]);
    await waitForReady(bus);
    await expect(bus.checkHealth()).resolves.toBeUndefined();
  });
});

async function waitForReady(bus: EventBus): Promise<void> {
  for (;;) {
    try {
      await bus.checkHealth();
      return;
    } catch {
      await new Promise((resolveDelay) => setTimeout(resolveDelay, 20));
    }
  }
}
