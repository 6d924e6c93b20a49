import { afterEach, describe, expect, it } from 'vitest';

import { backoffDelayMs } from '../src/report/backoff.ts';
import { ReportBuffer } from '../src/report/buffer.ts';
import { classifyResponse, ReportClient } from '../src/report/client.ts';
import { ReportSender } from '../src/report/sender.ts';
import { ReportSpool } from '../src/report/spool.ts';
import { FakeApi, type FakeApiOptions } from './helpers/fake-api.ts';
import { createCapturingLogger, LOG_LEVEL } from './helpers/logs.ts';
import { makeReport, makeTemporaryDirectory, wrapReports } from './helpers/reports.ts';

const API_KEY = 'test-ingest-key';
const DRAIN_TIMEOUT_MS = 5_000;
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startApi(options: FakeApiOptions = {}): Promise<FakeApi> {
  const api = new FakeApi(options);
  await api.start(0);
  cleanups.push(() => api.stop());
  return api;
}

/** A port that was free a moment ago and has no listener now. */
async function closedEndpoint(): Promise<string> {
  const api = new FakeApi();
  await api.start(0);
  await api.stop();
  return api.url;
}

async function createSender(endpoint: string, options: { spoolDirectory?: string; maxReports?: number } = {}) {
  const { logger, lines } = createCapturingLogger();
  const spool = options.spoolDirectory ? new ReportSpool(options.spoolDirectory, logger) : null;
  const buffer = await ReportBuffer.open({ maxReports: options.maxReports ?? 1_000, spool, logger });
  const sender = new ReportSender({
    client: new ReportClient({ endpoint, apiKey: API_KEY, requestTimeoutMs: 2_000, userAgent: 'sentinel-agent/test' }),
    buffer,
    logger,
    buildInput: wrapReports,
    batchSize: 100,
    retryBaseMs: 50,
    retryMaxMs: 200,
    rejectedRetryMs: 60_000,
  });
  cleanups.push(() => sender.drain(0));
  return { buffer, sender, lines };
}

describe('report sender', () => {
  it('sends batches of at most 100, oldest first', async () => {
    const api = await startApi();
    const { buffer, sender } = await createSender(api.url);
    const reports = Array.from({ length: 250 }, (_, index) => makeReport(index));
    reports.forEach((report) => buffer.push(report));

    sender.kick();
    await api.waitFor(() => api.stored.length === 250);
    await sender.drain(DRAIN_TIMEOUT_MS);

    expect(api.requests.map((request) => request.variables.input.reports.length)).toEqual([100, 100, 50]);
    expect(api.stored.map((report) => report.id)).toEqual(reports.map((report) => report.id));
    expect(api.requests.every((request) => request.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(api.contractViolations).toEqual([]);
    expect(buffer.size).toBe(0);
  });

  it('drops only the report named by INVALID_REPORT', async () => {
    const reports = Array.from({ length: 10 }, (_, index) => makeReport(index));
    const invalid = reports[3]!;
    const api = await startApi({ invalidReportIds: new Set([invalid.id]) });
    const { buffer, sender, lines } = await createSender(api.url);
    reports.forEach((report) => buffer.push(report));

    sender.kick();
    await api.waitFor(() => api.stored.length === 9);
    await sender.drain(DRAIN_TIMEOUT_MS);

    const expected = reports.filter((report) => report !== invalid).map((report) => report.id);
    expect(api.stored.map((report) => report.id)).toEqual(expected);
    expect(buffer.size).toBe(0);
    const dropped = lines.find((line) => line.msg === 'Drop report rejected as invalid');
    expect(dropped?.level).toBe(LOG_LEVEL.error);
    expect(dropped?.['reportId']).toBe(invalid.id);
    expect(dropped?.['field']).toBe('reports[3].system.cpuUsagePercent');
  });

  it('keeps reports and logs an error on 401', async () => {
    const api = await startApi({ fixedStatus: 401 });
    const { buffer, sender, lines } = await createSender(api.url);
    const reports = Array.from({ length: 3 }, (_, index) => makeReport(index));
    reports.forEach((report) => buffer.push(report));

    sender.kick();
    await api.waitFor(() => api.requests.length === 1);
    await sender.drain(DRAIN_TIMEOUT_MS);

    expect(buffer.size).toBe(3);
    const rejected = lines.find((line) => line.msg.startsWith('Send reports rejected'));
    expect(rejected?.level).toBe(LOG_LEVEL.error);
    expect(rejected?.['status']).toBe(401);
    expect(rejected?.['retryInMs']).toBe(60_000);
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
  });

  it('delivers spooled reports after a restart', async () => {
    const directory = await makeTemporaryDirectory('sender-restart');
    cleanups.push(directory.remove);
    const reports = Array.from({ length: 5 }, (_, index) => makeReport(index));

    const offline = await createSender(await closedEndpoint(), { spoolDirectory: directory.path });
    reports.forEach((report) => offline.buffer.push(report));
    offline.sender.kick();
    await offline.sender.drain(DRAIN_TIMEOUT_MS);
    expect(offline.lines.some((line) => line.msg === 'Send reports failed; retrying')).toBe(true);

    const api = await startApi();
    const restarted = await createSender(api.url, { spoolDirectory: directory.path });
    expect(restarted.buffer.size).toBe(5);
    restarted.sender.kick();
    await api.waitFor(() => api.stored.length === 5);
    await restarted.sender.drain(DRAIN_TIMEOUT_MS);

    expect(api.stored).toEqual(reports);
    expect(restarted.buffer.size).toBe(0);
  });

  it('resends a report only once after success', async () => {
    const api = await startApi();
    const { buffer, sender } = await createSender(api.url);
    buffer.push(makeReport(0));
    sender.kick();
    await api.waitFor(() => api.stored.length === 1);
    buffer.push(makeReport(1));
    sender.kick();
    await api.waitFor(() => api.stored.length === 2);
    await sender.drain(DRAIN_TIMEOUT_MS);

    expect(api.received).toHaveLength(2);
  });
});

describe('response classification', () => {
  it.each([
    [401, null, 'unauthorized'],
    [403, null, 'unauthorized'],
    [200, { errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }, 'unauthorized'],
    [200, { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }, 'unauthorized'],
    [200, { errors: [{ message: 'bad', extensions: { code: 'INVALID_REPORT', reportId: 'r1' } }] }, 'invalid-report'],
    [200, { errors: [{ message: 'bad', extensions: { code: 'INVALID_REPORT' } }] }, 'rejected'],
    [400, { errors: [{ message: 'bad', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }, 'rejected'],
    [500, null, 'unavailable'],
    [502, null, 'unavailable'],
    [429, null, 'unavailable'],
    [200, { errors: [{ message: 'oops', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }, 'unavailable'],
    [200, { data: { reportMetrics: { hostId: 'h', accepted: [], duplicates: [], clockSkewMs: null, warnings: [] } } }, 'delivered'],
  ] as const)('status %i with %j is %s', (status, body, kind) => {
    expect(classifyResponse(status, body as Parameters<typeof classifyResponse>[1]).kind).toBe(kind);
  });
});

describe('retry backoff', () => {
  it('stays within the exponential ceiling', () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** attempt);
      expect(backoffDelayMs(attempt, 1_000, 60_000, () => 0)).toBe(0);
      expect(backoffDelayMs(attempt, 1_000, 60_000, () => 0.999_999)).toBeLessThanOrEqual(ceiling);
      expect(backoffDelayMs(attempt, 1_000, 60_000, () => 0.999_999)).toBeGreaterThan(ceiling * 0.99);
    }
  });
});
