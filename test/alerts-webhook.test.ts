import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookNotifier, type WebhookLimits } from '../src/alerts/webhook.ts';
import type { Sentinel } from '../src/app.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { seedHost } from './helpers/api-seed.ts';
import { seedProject, startTestApp } from './helpers/app.ts';
import { baseTime, createRule, evaluateAt, insertHostSample, secondsAfter, statesOf } from './helpers/alerts.ts';

const SECRET = 'webhook-test-secret';
const FAST_RETRIES: WebhookLimits = { maxQueued: 10, maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 100, requestTimeoutMs: 2_000 };

type Received = { headers: IncomingHttpHeaders; body: string };

/** A local webhook receiver that responds to each request with the next status of `statuses`, then 200. */
class Receiver {
  readonly requests: Received[] = [];
  private readonly server: Server;
  private readonly waiting: { count: number; resolve: () => void }[] = [];
  // Responses kept open to imitate a receiver that never responds.
  private readonly held: ServerResponse[] = [];

  constructor(private readonly statuses: (number | 'hang')[] = []) {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        this.requests.push({ headers: request.headers, body });
        const status = this.statuses.shift() ?? 200;
        if (status === 'hang') this.held.push(response);
        else response.writeHead(status).end();
        for (const waiter of this.waiting.filter((entry) => this.requests.length >= entry.count)) waiter.resolve();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
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

let app: Sentinel;
const receivers: Receiver[] = [];
const notifiers: WebhookNotifier[] = [];

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  for (const notifier of notifiers) await notifier.close();
  for (const receiver of receivers) await receiver.stop();
  await app?.stop();
});

async function startReceiver(statuses: (number | 'hang')[] = []) {
  const receiver = new Receiver(statuses);
  receivers.push(receiver);
  const url = await receiver.start();
  const notifier = new WebhookNotifier(url, SECRET, createLogger('silent'), FAST_RETRIES);
  notifiers.push(notifier);
  return { receiver, notifier };
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
  });

  it('retries after a 500', async () => {
    const { receiver, notifier } = await startReceiver([500, 503]);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await receiver.received(3);

    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((request) => request.body)).size).toBe(1);
    expect(JSON.parse(receiver.requests[2]!.body).status).toBe('firing');
  });

  it('stops retrying after a 400', async () => {
    const { receiver, notifier } = await startReceiver([400]);
    const { projectId, base } = await breachingHost();

    await evaluateAt(app, projectId, base, { notifier });
    await evaluateAt(app, projectId, secondsAfter(base, 60), { notifier });
    await receiver.received(2);

    expect(receiver.requests.map((request) => JSON.parse(request.body).status)).toEqual(['firing', 'resolved']);
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
    const notifier = new WebhookNotifier(url, SECRET, createLogger('silent'), FAST_RETRIES);
    notifiers.push(notifier);
    const { projectId, base } = await breachingHost();

    const result = await evaluateAt(app, projectId, base, { notifier });

    expect(result.changes).toHaveLength(1);
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
