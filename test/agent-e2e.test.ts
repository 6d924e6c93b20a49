import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectOnce, startAgent } from '../agent/src/agent.ts';
import { parseAgentSettings } from '../agent/src/config.ts';
import type { AgentReport } from '../agent/src/report/agent-report.ts';
import { ReportClient } from '../agent/src/report/client.ts';
import type { Sentinel } from '../src/app.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';

// The real agent against the real API: collectors read this machine's /proc, reports go
// through the agent's reporter over HTTP to the API on 127.0.0.1, and the test reads
// back through GraphQL and the database.

/** Length of the API outage the agent must ride out. */
const OUTAGE_MS = 30_000;
const OUTAGE_TEST_TIMEOUT_MS = 150_000;
const WAIT_TIMEOUT_MS = 60_000;
const POLL_MS = 200;

const HOST_QUERY = `
  query Host($id: ID!) {
    host(id: $id) {
      id
      hostname
      memoryTotalBytes
      cpuUsage
      cpuSeries(period: "1h", interval: "10s") { bucket avg }
    }
  }`;

const silentLogger = pino({ level: 'silent' });

let app: Sentinel;
let project: SeededProject;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  app = await startTestApp();
  project = await seedProject(app.services.prisma);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
  await app?.stop();
});

async function waitFor(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${WAIT_TIMEOUT_MS} ms waiting for ${what}`);
    }
    await sleep(POLL_MS);
  }
}

async function findHostId(agentId: string): Promise<string | null> {
  const host = await app.services.prisma.host.findFirst({ where: { projectId: project.projectId, agentId } });
  return host?.id ?? null;
}

type StoredRow = { recordedAt: Date; rows: number };

/** host_metrics rows of one host, counted per recorded_at, oldest first. */
async function countRowsPerTime(hostId: string): Promise<StoredRow[]> {
  const { rows } = await app.services.pool.query<{ recordedAt: Date; rows: string }>(
    `SELECT recorded_at AS "recordedAt", count(*) AS rows
       FROM host_metrics WHERE host_id = $1
      GROUP BY recorded_at ORDER BY recorded_at`,
    [hostId],
  );
  return rows.map((row) => ({ recordedAt: row.recordedAt, rows: Number(row.rows) }));
}

describe('agent against the API', () => {
  it('one cycle reaches host queries', async () => {
    const agentId = `e2e-${randomUUID()}`;
    const config = parseAgentSettings({
      endpoint: app.http.url,
      apiKey: project.keys.ingest,
      agentId,
      collectContainers: false,
      topProcesses: 5,
      spoolDir: null,
    });
    const input = await collectOnce(config, silentLogger);
    const client = new ReportClient({
      endpoint: app.http.url,
      apiKey: project.keys.ingest,
      requestTimeoutMs: 10_000,
      userAgent: 'sentinel-agent/e2e-test',
    });

    const result = await client.send(input);

    expect(result.kind).toBe('delivered');
    const report = input.reports[0]!;
    const sentCpu = report.system?.cpuUsagePercent;
    expect(sentCpu).toBeTypeOf('number');
    const hostId = await findHostId(agentId);
    expect(hostId).not.toBeNull();

    const response = await graphql(app.http.url, project.keys.read, HOST_QUERY, { id: hostId });
    expect(response.errors).toBeUndefined();
    const host = response.data!.host;
    expect(host.hostname).toBe(input.systemInfo.hostname);
    expect(Number(host.memoryTotalBytes)).toBeGreaterThan(0);
    expect(Number(host.memoryTotalBytes)).toBe(Number(input.systemInfo.memoryTotalBytes));
    expect(host.cpuUsage).toBeCloseTo(sentCpu!, 2);
    const points = (host.cpuSeries as Array<{ bucket: string; avg: number | null }>).filter((point) => point.avg !== null);
    expect(points).toHaveLength(1);
    expect(points[0]!.avg).toBeCloseTo(sentCpu!, 2);
    const bucketMs = Date.parse(points[0]!.bucket);
    const collectedAtMs = Date.parse(report.collectedAt);
    expect(bucketMs).toBeLessThanOrEqual(collectedAtMs);
    expect(collectedAtMs - bucketMs).toBeLessThan(10_000);
  });

  it(
    'outage stores every report once',
    async () => {
      const spool = await mkdtemp(join(tmpdir(), 'sentinel-e2e-spool-'));
      cleanups.push(() => rm(spool, { recursive: true, force: true }));
      const agentId = `e2e-outage-${randomUUID()}`;
      const collected: AgentReport[] = [];
      const agent = await startAgent(
        {
          endpoint: app.http.url,
          apiKey: project.keys.ingest,
          agentId,
          interval: 1,
          topProcesses: 5,
          collectContainers: false,
          spoolDir: spool,
          requestTimeout: 2,
          retryMaxDelay: 2,
        },
        silentLogger,
        { onReport: (report) => collected.push(report) },
      );
      cleanups.push(() => agent.stop());

      let hostId: string | null = null;
      await waitFor(async () => {
        hostId ??= await findHostId(agentId);
        return hostId !== null && (await countRowsPerTime(hostId)).length >= 2;
      }, 'two stored reports before the outage');

      const port = app.http.port;
      await app.stop();
      const collectedBeforeOutage = collected.length;
      await sleep(OUTAGE_MS);
      const outageReports = collected.slice(collectedBeforeOutage);
      const restartedAtMs = Date.now();
      app = await startTestApp({ port });

      const expectedCount = collected.length;
      await waitFor(
        async () => (await countRowsPerTime(hostId!)).length >= expectedCount,
        `${expectedCount} stored reports after the restart`,
      );
      await agent.stop();

      const stored = await countRowsPerTime(hostId!);
      expect(outageReports.length).toBeGreaterThan(OUTAGE_MS / 1_000 / 2);
      expect(stored.filter((row) => row.rows !== 1)).toEqual([]);
      const storedTimes = stored.map((row) => row.recordedAt.toISOString());
      const collectedTimes = collected.map((report) => report.collectedAt).sort();
      expect(storedTimes).toEqual(collectedTimes);

      // Reports sent after the restart keep the time they were collected, so they spread
      // over the outage instead of landing at the restart.
      const outageTimes = outageReports.map((report) => Date.parse(report.collectedAt));
      expect(storedTimes).toEqual(expect.arrayContaining(outageReports.map((report) => report.collectedAt)));
      expect(Math.max(...outageTimes)).toBeLessThan(restartedAtMs);
      expect(Math.max(...outageTimes) - Math.min(...outageTimes)).toBeGreaterThan(OUTAGE_MS / 2);
      for (let index = 1; index < outageTimes.length; index += 1) {
        expect(outageTimes[index]! - outageTimes[index - 1]!).toBeGreaterThanOrEqual(500);
      }

      const { rows } = await app.services.pool.query<{ reports: string }>(
        'SELECT count(*) AS reports FROM ingested_reports WHERE host_id = $1',
        [hostId],
      );
      expect(Number(rows[0]!.reports)).toBe(collected.length);
    },
    OUTAGE_TEST_TIMEOUT_MS,
  );
});
