import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertRuleService } from '../src/alerts/rule-service.ts';
import type { WebhookLimits } from '../src/alerts/webhook.ts';
import { WebhookNotifier } from '../src/alerts/webhook-notifier.ts';
import type { Sentinel } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { discardEvents } from '../src/events/types.ts';
import { createLogger } from '../src/logger.ts';
import { seedHost } from './helpers/api-seed.ts';
import { seedProject, startTestApp } from './helpers/app.ts';
import { baseTime, createRule, evaluateAt, insertHostSample, secondsAfter, statesOf } from './helpers/alerts.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

const SECRET = 'webhook-test-secret';
const FAST_RETRIES: WebhookLimits = { maxQueued: 10, maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 100, requestTimeoutMs: 2_000, pollIntervalMs: 50 };

type Received = { headers: IncomingHttpHeaders; body: string };

/**
 * A local webhook receiver that responds to each request with the next status of
 * `statuses`, then 200, each after `delayMs`.
 */
class Receiver {
  readonly requests: Received[] = [];
  private readonly server: Server;
  private readonly waiting: { count: number; resolve: () => void }[] = [];
  // Responses kept open to imitate a receiver that never responds.
  private readonly held: ServerResponse[] = [];

  constructor(
    private readonly statuses: (number | 'hang')[] = [],
    private readonly delayMs = 0,
  ) {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.requests.push({ headers: request.headers, body });
        const status = this.statuses.shift() ?? 200;
        if (status === 'hang') this.held.push(response);
        else setTimeout(() => response.writeHead(status).end(), this.delayMs);
        for (const waiter of this.waiting.filter((entry) => this.requests.length >= entry.count)) waiter.resolve();
      });
    });
  }

  /** Listens on `port` of 127.0.0.1, or on a free one, and returns the webhook URL. */
  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/sentinel`;
  }

  /** Settles once `count` requests have arrived. */
  received(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  async stop(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

// Notifiers send the rows of every project, so this file has a database of its own, and
// each test closes its notifiers and empties the outbox before the next one starts.
let database: TestDatabase;
let app: Sentinel;
const receivers: Receiver[] = [];
const notifiers: WebhookNotifier[] = [];

beforeAll(async () => {
  database = await createTestDatabase('sentinel_webhook');
  app = await startTestApp({ databaseUrl: database.url });
});
afterEach(async () => {
  for (const notifier of notifiers.splice(0)) await notifier.close();
  for (const receiver of receivers.splice(0)) await receiver.stop();
  await app.services.pool.query('DELETE FROM alert_notifications');
});
afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

function newNotifier(url: string, limits: WebhookLimits = FAST_RETRIES): WebhookNotifier {
  const notifier = new WebhookNotifier(app.services.pool, url, SECRET, createLogger('silent'), limits);
  notifiers.push(notifier);
  return notifier;
}

/** Starts a receiver and a started notifier that posts to it. */
async function startReceiver(statuses: (number | 'hang')[] = []) {
  const receiver = new Receiver(statuses);
  receivers.push(receiver);
  const url = await receiver.start();
  const notifier = newNotifier(url);
  notifier.start();
  return { receiver, notifier, url };
}

type OutboxRow = { hostId: string; attempts: number; lastError: string | null; status: string };

async function outboxRows(): Promise<OutboxRow[]> {
  const { rows } = await app.services.pool.query<OutboxRow>(
    `SELECT host_id AS "hostId", attempts, last_error AS "lastError", payload->>'status' AS status FROM alert_notifications ORDER BY id`,
  );
  return rows;
}

/** Polls `check` every 20 ms until it returns true; fails after 10 s. */
async function waitUntil(description: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${description}`);
    await sleep(20);
  }
}

/** Creates a project with one host whose cpu is 95 before `base` and 5 after, and a rule on it. */
async function breachingHost() {
  const { projectId } = await seedProject(app.services.prisma);
  const host = await seedHost(app.services.prisma, app.services.pool, projectId, { name: 'hook-host', latest: null });
  const rule = await createRule(app, projectId, { name: 'hot cpu', metric: 'cpu_usage', threshold: 80, durationSeconds: 0, severity: 'critical' });
  const base = baseTime();
  await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 95 });
  await insertHostSample(app.services.pool, host.id, secondsAfter(base, 55), { cpu: 5 });
  return { projectId, host, rule, base };
}

describe('alert webhook', () => {
  it('posts signed firing and resolved payloads', async () => {
    const { receiver, notifier } = await startReceiver();
    const { projectId, host, rule, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });
    await receiver.received(2);

    const [firing, resolved] = receiver.requests;
    for (const request of [firing!, resolved!]) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`;
      expect(request.headers['x-sentinel-signature']).toBe(expected);
      expect(request.headers['x-sentinel-timestamp']).toMatch(/^\d{10}$/);
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(JSON.parse(firing!.body)).toEqual({
      source: 'sentinel',
      status: 'firing',
      title: 'hot cpu: cpu_usage threshold exceeded on hook-host',
      message: 'Current: 95, Threshold: 80',
      severity: 'critical',
      data: { host_id: host.id, host_name: 'hook-host', rule_id: rule.id, metric: 'cpu_usage', subject: '', value: 95, threshold: 80, at: base.toISOString() },
    });
    expect(JSON.parse(resolved!.body)).toMatchObject({ status: 'resolved', title: 'hot cpu: resolved on hook-host', data: { value: 5 } });
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
  });

  it('retries after a 500', async () => {
    const { receiver, notifier } = await startReceiver([500, 503]);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await receiver.received(3);

    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
    expect(JSON.parse(receiver.requests[2]!.body).status).toBe('firing');
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
  });

  it('gives up after the last attempt', async () => {
    const { receiver, notifier } = await startReceiver([500, 500, 500, 500, 500]);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await receiver.received(5);
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
    await sleep(200);

    expect(receiver.requests).toHaveLength(5);
  });

  it('stops retrying after a 400', async () => {
    const { receiver, notifier } = await startReceiver([400]);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });
    await receiver.received(2);

    expect(receiver.requests.map((request) => JSON.parse(request.body).status)).toEqual(['firing', 'resolved']);
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
  });

  it('outage does not block evaluation', async () => {
    const { receiver, notifier } = await startReceiver(['hang', 'hang', 'hang']);
    const { projectId, rule, base } = await breachingHost();

    const first = await evaluateAt(app, projectId, base, { notifier });
    await receiver.received(1);
    const second = await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });

    expect(first.changes.map((change) => change.toState)).toEqual(['firing']);
    expect(second.changes.map((change) => change.toState)).toEqual(['resolved']);
    expect((await statesOf(app.services.pool, rule.id))[0]?.state).toBe('resolved');
  });

  it('unreachable receiver does not fail evaluation', async () => {
    const receiver = new Receiver();
    const url = await receiver.start();
    await receiver.stop();
    const notifier = newNotifier(url);
    notifier.start();
    const { projectId, base } = await breachingHost();

    const result = await evaluateAt(app, projectId, base, { notifier });

    expect(result.changes).toHaveLength(1);
  });
});

describe('webhook outbox', () => {
  it('notification survives a notifier restart', async () => {
    // The receiver is down: its port is closed until the second notifier starts.
    const receiver = new Receiver();
    receivers.push(receiver);
    const url = await receiver.start();
    const port = Number(new URL(url).port);
    await receiver.stop();
    const first = newNotifier(url, { ...FAST_RETRIES, maxAttempts: 100, baseDelayMs: 200, maxDelayMs: 200 });
    first.start();
    const { projectId, host, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier: first });
    await waitUntil('the first attempt failed', async () => (await outboxRows())[0]?.attempts === 1);
    await first.close();

    const [stored] = await outboxRows();
    expect(stored).toMatchObject({ hostId: host.id, status: 'firing' });
    expect(stored?.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    const restarted = new Receiver();
    receivers.push(restarted);
    await restarted.start(port);
    const second = newNotifier(url);
    second.start();
    await restarted.received(1);

    expect(JSON.parse(restarted.requests[0]!.body)).toMatchObject({ status: 'firing', data: { host_id: host.id, at: base.toISOString() } });
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
  });

  it('post cut short by close stays stored', async () => {
    const { receiver, notifier, url } = await startReceiver(['hang']);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await receiver.received(1);
    await notifier.close();

    // The aborted post is not counted as an attempt.
    expect(await outboxRows()).toEqual([expect.objectContaining({ status: 'firing', attempts: 0, lastError: null })]);
    const next = newNotifier(url);
    next.start();
    await receiver.received(2);
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
  });

  it('resolution waits for its firing', async () => {
    const receiver = new Receiver([500]);
    receivers.push(receiver);
    const notifier = newNotifier(await receiver.start(), { ...FAST_RETRIES, baseDelayMs: 600, maxDelayMs: 600 });
    notifier.start();
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await waitUntil('the first attempt failed', async () => (await outboxRows())[0]?.attempts === 1);
    await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });
    await receiver.received(3);

    expect(receiver.requests.map((request) => JSON.parse(request.body).status)).toEqual(['firing', 'firing', 'resolved']);
  });

  it('deleted rule still sends its resolution', async () => {
    const { receiver, notifier } = await startReceiver();
    const { projectId, rule, base } = await breachingHost();
    const service = new AlertRuleService(app.services.prisma, createLogger('silent'), { pool: app.services.pool, events: discardEvents, notifier });

    await evaluateAt(app, projectId, base, { notifier });
    await service.delete(projectId, rule.id);
    await receiver.received(2);

    expect(receiver.requests.map((request) => JSON.parse(request.body))).toEqual([
      expect.objectContaining({ status: 'firing', data: expect.objectContaining({ rule_id: rule.id }) }),
      expect.objectContaining({ status: 'resolved', data: expect.objectContaining({ rule_id: rule.id, value: 95 }) }),
    ]);
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
  });

  it('two notifiers send each row once', async () => {
    const hostCount = 12;
    const { projectId } = await seedProject(app.services.prisma);
    await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    for (let i = 0; i < hostCount; i += 1) {
      const host = await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null });
      await insertHostSample(app.services.pool, host.id, secondsAfter(base, -5), { cpu: 95 });
    }
    // Each response takes a while, so the two notifiers overlap.
    const receiver = new Receiver([], 30);
    receivers.push(receiver);
    const url = await receiver.start();
    const [first, second] = [newNotifier(url, { ...FAST_RETRIES, maxQueued: 100 }), newNotifier(url, { ...FAST_RETRIES, maxQueued: 100 })];

    await evaluateAt(app, projectId, base, { notifier: first });
    expect(await outboxRows()).toHaveLength(hostCount);
    first.start();
    second.start();
    await waitUntil('the outbox is empty', async () => (await outboxRows()).length === 0);
    await sleep(200);

    const hostIds = receiver.requests.map((request) => JSON.parse(request.body).data.host_id);
    expect(hostIds).toHaveLength(hostCount);
    expect(new Set(hostIds).size).toBe(hostCount);
  });

  it('full outbox drops the oldest rows', async () => {
    const { projectId } = await seedProject(app.services.prisma);
    await createRule(app, projectId, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
    const base = baseTime();
    const hostIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const host = await seedHost(app.services.prisma, app.services.pool, projectId, { latest: null });
      hostIds.push(host.id);
    }
    const notifier = newNotifier('http://127.0.0.1:9/unused', { ...FAST_RETRIES, maxQueued: 2 });

    // One host breaches per evaluation, so each evaluation stores one notification.
    for (const [index, hostId] of hostIds.entries()) {
      await insertHostSample(app.services.pool, hostId, secondsAfter(base, index * 60 - 5), { cpu: 95 });
      await evaluateAt(app, projectId, secondsAfter(base, index * 60), { notifier });
    }

    expect((await outboxRows()).map((row) => row.hostId)).toEqual(hostIds.slice(1));
  });
});

describe('outbox cap per project', () => {
  it('drops only the flooding project', async () => {
    const quiet = await seedProject(app.services.prisma);
    const noisy = await seedProject(app.services.prisma);
    const base = baseTime();
    const notifier = newNotifier('http://127.0.0.1:9/unused', { ...FAST_RETRIES, maxQueued: 2 });

    // One notification of the quiet project, then three of the noisy one, one per evaluation.
    const order: string[] = [];
    for (const [project, hosts] of [[quiet.projectId, 1], [noisy.projectId, 3]] as const) {
      await createRule(app, project, { metric: 'cpu_usage', threshold: 80, durationSeconds: 0 });
      for (let index = 0; index < hosts; index += 1) {
        const host = await seedHost(app.services.prisma, app.services.pool, project, { latest: null });
        order.push(host.id);
        await insertHostSample(app.services.pool, host.id, secondsAfter(base, order.length * 60 - 5), { cpu: 95 });
        await evaluateAt(app, project, secondsAfter(base, order.length * 60), { notifier });
      }
    }

    const [quietHost, , ...newestNoisy] = order;
    expect((await outboxRows()).map((row) => row.hostId)).toEqual([quietHost, ...newestNoisy]);
  });
});

describe('webhook config', () => {
  it('reads the URL and secret', () => {
    const config = parseConfig({ SENTINEL_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', SENTINEL_ALERT_WEBHOOK_SECRET: 's3cret' });
    expect(config.alertWebhook).toEqual({ url: 'http://127.0.0.1:9/hook', secret: 's3cret' });
  });

  it('hides an invalid secret in errors', () => {
    expect(() => parseConfig({ SENTINEL_ALERT_WEBHOOK_URL: 'ftp://127.0.0.1/hook', SENTINEL_ALERT_WEBHOOK_SECRET: '   ' })).toThrow(/SENTINEL_ALERT_WEBHOOK_SECRET="<redacted>"/);
    expect(() => parseConfig({ SENTINEL_ALERT_WEBHOOK_URL: 'ftp://127.0.0.1/hook' })).toThrow(/SENTINEL_ALERT_WEBHOOK_URL/);
  });
});
