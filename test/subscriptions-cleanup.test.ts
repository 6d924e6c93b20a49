import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Sentinel } from '../src/app.ts';
import { eventTopic } from '../src/pubsub/topics.ts';
import { seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import {
  hostUpdatedEvent,
  insertHost,
  newRedis,
  SHARED_REDIS_URL,
  subscriberCount,
  uniqueChannelPrefix,
  waitUntil,
  webSocketUrl,
} from './helpers/live.ts';

const CYCLES = 500;
const CONCURRENT_CYCLES = 50;
const PUBLISH_INTERVAL_MS = 5;
// Closing handlers run after the sockets close, so the counts settle shortly after.
const SETTLE_GRACE_MS = 5_000;
const HOST_UPDATED = 'subscription ($hostId: ID!) { hostUpdated(hostId: $hostId) { hostId } }';

// How a cycle leaves: after a delivered event with a complete message or by dropping the
// socket, or while its connection or subscription is still being set up.
const EXITS = ['complete', 'terminate', 'terminate-during-subscribe', 'terminate-during-auth'] as const;
type Exit = (typeof EXITS)[number];

const prefix = uniqueChannelPrefix();
const redis = newRedis();
const apps: Sentinel[] = [];

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  redis.disconnect();
});

/** Runs one connect, subscribe and disconnect cycle over a raw graphql-ws socket. */
function runCycle(app: Sentinel, key: string, hostId: string, exit: Exit): Promise<void> {
  return new Promise((resolveCycle, reject) => {
    const socket = new WebSocket(webSocketUrl(app), 'graphql-transport-ws');
    const id = randomUUID();
    socket.on('error', reject);
    socket.on('close', () => resolveCycle());
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
      if (exit === 'terminate-during-auth') socket.terminate();
    });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: HOST_UPDATED, variables: { hostId } } }));
        if (exit === 'terminate-during-subscribe') socket.terminate();
        return;
      }
      if (message.type === 'next' && exit === 'complete') {
        socket.send(JSON.stringify({ id, type: 'complete' }));
        socket.close(1000, 'done');
      }
      if (message.type === 'next' && exit === 'terminate') socket.terminate();
      if (message.type === 'error') reject(new Error(`subscription failed: ${String(data)}`));
    });
  });
}

describe.each([
  ['redis', { redisUrl: SHARED_REDIS_URL, redisChannelPrefix: prefix }],
  ['in-process', {}],
] as const)('subscription cleanup (%s)', (transport, overrides) => {
  let app: Sentinel;
  let project: SeededProject;
  let hostId: string;

  beforeAll(async () => {
    app = await startTestApp(overrides);
    apps.push(app);
    project = await seedProject(app.services.prisma);
    hostId = await insertHost(app, project.projectId);
  });

  it(`returns to baseline after ${CYCLES} cycles`, async () => {
    const channel = eventTopic(prefix, project.projectId, 'hostUpdated');
    expect(app.services.events.openStreamCount()).toBe(0);
    if (transport === 'redis') expect(await subscriberCount(redis, channel)).toBe(0);

    // Subscribers that stay until an event arrives need events to keep coming.
    const publisher = setInterval(
      () => app.services.events.publish('hostUpdated', hostUpdatedEvent(project.projectId, hostId)),
      PUBLISH_INTERVAL_MS,
    );
    try {
      for (let start = 0; start < CYCLES; start += CONCURRENT_CYCLES) {
        const batch = Array.from({ length: CONCURRENT_CYCLES }, (_, offset) =>
          runCycle(app, project.keys.read, hostId, EXITS[(start + offset) % EXITS.length]!),
        );
        await Promise.all(batch);
      }
    } finally {
      clearInterval(publisher);
    }

    await waitUntil(() => app.services.events.openStreamCount() === 0, SETTLE_GRACE_MS);
    expect(app.services.events.openStreamCount()).toBe(0);
    if (transport === 'redis') {
      await waitUntil(async () => (await subscriberCount(redis, channel)) === 0, SETTLE_GRACE_MS);
      expect(await subscriberCount(redis, channel)).toBe(0);
    }
  });
});
