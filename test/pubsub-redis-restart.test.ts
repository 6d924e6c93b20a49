import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'graphql-ws';
import type { Sentinel } from '../src/app.ts';
import { findFreePort } from '../src/db/free-port.ts';
import { eventTopic } from '../src/pubsub/topics.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import { connectClient, newRedis, subscribe, subscriberCount, uniqueChannelPrefix, waitUntil } from './helpers/live.ts';
import { REPORT_MUTATION, report, reportInput, systemSample } from './helpers/reports.ts';

// This file runs its own redis-server and restarts it: the shared Redis on 6379 serves
// other test files at the same time and must stay up.
const HOST_UPDATED = 'subscription ($hostId: ID!) { hostUpdated(hostId: $hostId) { hostId cpuUsage } }';

let port: number;
let redisServer: ChildProcess | null = null;
let first: Sentinel;
let second: Sentinel;
let project: SeededProject;
const clients: Client[] = [];
const prefix = uniqueChannelPrefix();

async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  redisServer = child;
  const probe = newRedis(`redis://127.0.0.1:${port}`);
  probe.on('error', () => undefined);
  try {
    await waitUntil(async () => (await probe.ping().catch(() => null)) === 'PONG');
  } finally {
    probe.disconnect();
  }
}

async function stopRedis(): Promise<void> {
  const child = redisServer;
  redisServer = null;
  if (!child || child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

async function readiness(app: Sentinel): Promise<{ status: number; body: { checks: Record<string, string> } }> {
  const response = await fetch(`${app.http.url}/ready`);
  return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
}

beforeAll(async () => {
  port = await findFreePort();
  await startRedis();
  const overrides = { redisUrl: `redis://127.0.0.1:${port}`, redisChannelPrefix: prefix };
  [first, second] = await Promise.all([startTestApp(overrides), startTestApp(overrides)]);
  project = await seedProject(first.services.prisma);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await Promise.all([first?.stop(), second?.stop()]);
  await stopRedis();
});

describe('redis restart', () => {
  it('resumes events on every process', async () => {
    const redis = newRedis(`redis://127.0.0.1:${port}`);
    redis.on('error', () => undefined);
    const input = reportInput({ hostname: 'restart-1' });
    const sendReport = async (app: Sentinel, cpu: number) => {
      const next = { ...input, reports: [report({ system: systemSample({ cpuUsagePercent: cpu }) })] };
      return graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input: next });
    };
    const registered = await sendReport(first, 10);
    expect(registered.errors).toBeUndefined();
    const hostId = registered.data!.reportMetrics.hostId;
    const channel = eventTopic(prefix, project.projectId, 'hostUpdated');

    clients.push(connectClient(first, project.keys.read), connectClient(second, project.keys.read));
    const onFirst = subscribe(clients[0]!, HOST_UPDATED, { hostId });
    const onSecond = subscribe(clients[1]!, HOST_UPDATED, { hostId });
    await waitUntil(async () => (await subscriberCount(redis, channel)) === 2);
    await sendReport(first, 11);
    expect((await onFirst.next()).data!.hostUpdated.cpuUsage).toBe(11);
    expect((await onSecond.next()).data!.hostUpdated.cpuUsage).toBe(11);

    await stopRedis();
    await waitUntil(async () => (await readiness(first)).status === 503);
    const down = await readiness(first);
    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toMatch(/^failed: /);
    expect(down.body.checks.database).toBe('ok');

    await startRedis();
    // ioredis subscribes again on its own after reconnecting; nothing in Sentinel resends SUBSCRIBE.
    await waitUntil(async () => (await subscriberCount(redis, channel).catch(() => 0)) === 2);
    await waitUntil(async () => (await readiness(first)).status === 200 && (await readiness(second)).status === 200);
    expect((await readiness(second)).body.checks.redis).toBe('ok');

    await sendReport(second, 12);
    expect((await onFirst.next()).data!.hostUpdated.cpuUsage).toBe(12);
    expect((await onSecond.next()).data!.hostUpdated.cpuUsage).toBe(12);
    redis.disconnect();
    onFirst.dispose();
    onSecond.dispose();
  });
});
