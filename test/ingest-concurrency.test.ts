import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullInput, fullReport, FULL_REPORT_ROWS } from '../bench/ingest/fixture.ts';
import type { Sentinel } from '../src/app.ts';
import { createPool } from '../src/db/pool.ts';
import { discardEvents, type EventMap, type EventName, type EventPublisher } from '../src/events/types.ts';
import { IngestService } from '../src/ingest/service.ts';
import type { ReportBatch } from '../src/ingest/report-types.ts';
import { createLogger } from '../src/logger.ts';
import { graphql, seedProject, startTestApp, testDatabaseUrl, type SeededProject } from './helpers/app.ts';
import { REPORT_MUTATION } from './helpers/reports.ts';

let app: Sentinel;
let project: SeededProject;

beforeAll(async () => {
  app = await startTestApp();
  project = await seedProject(app.services.prisma);
});
afterAll(async () => {
  await app?.stop();
});

async function count(table: string, hostIds: string[]): Promise<number> {
  const { rows } = await app.services.pool.query(`SELECT count(*) AS n FROM ${table} WHERE host_id = ANY($1::uuid[])`, [hostIds]);
  return rows[0].n;
}

describe('ingest under concurrency', () => {
  it('stores 50 agents x 20 reports once', async () => {
    const agents = 50;
    const reportsPerAgent = 20;
    const start = Date.now() - reportsPerAgent * 10_000;
    const runId = randomUUID().slice(0, 8);

    const hostIds = await Promise.all(
      Array.from({ length: agents }, async (_unused, agent) => {
        const agentId = `load-${runId}-${agent}`;
        let hostId = '';
        for (let cycle = 0; cycle < reportsPerAgent; cycle++) {
          const body = fullReport({ collectedAt: new Date(start + cycle * 10_000), seed: cycle });
          const input = fullInput(agentId, `load-${agent}`, [body]);
          // Every fifth report is sent twice at once, as an agent retrying after a timeout would.
          const sends = cycle % 5 === 0 ? 2 : 1;
          const results = await Promise.all(
            Array.from({ length: sends }, () => graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input })),
          );
          for (const result of results) expect(result.errors).toBeUndefined();
          const accepted = results.flatMap((result) => result.data!.reportMetrics.accepted);
          expect(accepted).toEqual([body.id]);
          hostId = results[0]!.data!.reportMetrics.hostId;
        }
        return hostId;
      }),
    );

    const reports = agents * reportsPerAgent;
    expect(new Set(hostIds).size).toBe(agents);
    expect(await count('ingested_reports', hostIds)).toBe(reports);
    expect(await count('host_metrics', hostIds)).toBe(reports);
    expect(await count('disk_metrics', hostIds)).toBe(reports * FULL_REPORT_ROWS.disks);
    expect(await count('network_metrics', hostIds)).toBe(reports * FULL_REPORT_ROWS.network);
    expect(await count('process_snapshots', hostIds)).toBe(reports * FULL_REPORT_ROWS.processes);
    expect(await count('container_metrics', hostIds)).toBe(reports * FULL_REPORT_ROWS.containers);
    expect(await count('containers', hostIds)).toBe(agents * FULL_REPORT_ROWS.containers);
    expect(await count('host_latest', hostIds)).toBe(agents);
    expect(await count('disk_latest', hostIds)).toBe(agents * FULL_REPORT_ROWS.disks);
    expect(await count('container_latest', hostIds)).toBe(agents * FULL_REPORT_ROWS.containers);

    const { rows } = await app.services.pool.query(
      'SELECT count(*) AS n FROM host_latest WHERE host_id = ANY($1::uuid[]) AND recorded_at = $2',
      [hostIds, new Date(start + (reportsPerAgent - 1) * 10_000)],
    );
    expect(rows[0].n).toBe(agents);
    expect(app.services.ingest.stats.batches).toBeLessThan(app.services.ingest.stats.items);
  });

  it('drops one bad process and stores the rest', async () => {
    const body = fullReport();
    body.processes[4]!.memoryRssBytes = -1;
    const input = fullInput(`agent-${randomUUID()}`, 'bad-process', [body]);
    const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });

    expect(result.errors).toBeUndefined();
    const payload = result.data!.reportMetrics;
    expect(payload.accepted).toEqual([body.id]);
    expect(payload.warnings).toEqual([
      {
        reportId: body.id,
        path: 'reports[0].processes[4]',
        message: 'Dropped the process: reports[0].processes[4].memoryRssBytes = -1: must not be negative',
      },
    ]);
    expect(await count('process_snapshots', [payload.hostId])).toBe(FULL_REPORT_ROWS.processes - 1);
    expect(await count('host_metrics', [payload.hostId])).toBe(1);
    expect(await count('container_metrics', [payload.hostId])).toBe(FULL_REPORT_ROWS.containers);
  });
});

class RecordingPublisher implements EventPublisher {
  readonly events: { name: EventName; event: unknown }[] = [];
  publish<Name extends EventName>(name: Name, event: EventMap[Name]): void {
    this.events.push({ name, event });
  }
}

function coerced(agentId: string, hostname: string): ReportBatch {
  const raw = fullInput(agentId, hostname, [fullReport({ collectedAt: new Date(Date.now() - 1_000) })]);
  return {
    ...raw,
    systemInfo: { ...raw.systemInfo, bootTime: new Date(raw.systemInfo.bootTime) },
    reports: raw.reports.map((report) => ({
      ...report,
      collectedAt: new Date(report.collectedAt),
      processes: report.processes.map((process) => ({ ...process, startedAt: new Date(process.startedAt) })),
      containers: report.containers.map((container) => ({ ...container, startedAt: new Date(container.startedAt) })),
    })),
  };
}

describe('group commit', () => {
  it('keeps others when one request fails', async () => {
    const pool = createPool(testDatabaseUrl(), 2);
    // A long window makes sure all five requests share one batch.
    const service = new IngestService(pool, createLogger('silent'), discardEvents, { windowMs: 200, maxItems: 100, maxWeight: 100_000, maxInFlight: 1 });
    try {
      const missingProject = randomUUID();
      const requests = Array.from({ length: 5 }, (_unused, index) => ({
        projectId: index === 2 ? missingProject : project.projectId,
        batch: coerced(`agent-${randomUUID()}`, `group-${index}`),
      }));
      const results = await Promise.allSettled(requests.map(({ projectId, batch }) => service.ingest(projectId, batch)));

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect(service.stats.fallbacks).toBe(1);
      const hostIds = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.hostId] : []));
      expect(await count('host_metrics', hostIds)).toBe(4);
      expect(await count('process_snapshots', hostIds)).toBe(4 * FULL_REPORT_ROWS.processes);
      const { rows } = await pool.query('SELECT count(*) AS n FROM hosts WHERE project_id = $1', [missingProject]);
      expect(rows[0].n).toBe(0);
    } finally {
      await service.close();
      await pool.end();
    }
  });

  it('publishes events after commit', async () => {
    const pool = createPool(testDatabaseUrl(), 2);
    const publisher = new RecordingPublisher();
    const service = new IngestService(pool, createLogger('silent'), publisher);
    try {
      const result = await service.ingest(project.projectId, coerced(`agent-${randomUUID()}`, 'events-1'));
      const names = publisher.events.map((entry) => entry.name);
      expect(names).toEqual(['hostUpdated', 'hostMetrics', 'containerUpdated']);

      const hostUpdated = publisher.events[0]!.event as EventMap['hostUpdated'];
      expect(hostUpdated).toMatchObject({ projectId: project.projectId, hostId: result.hostId, name: 'events-1', created: true });
      expect(hostUpdated.status).toBe('online');
      expect(hostUpdated.previousStatus).toBe('unknown');
      const containers = publisher.events[2]!.event as EventMap['containerUpdated'];
      expect(containers.containers).toHaveLength(FULL_REPORT_ROWS.containers);
      expect(JSON.parse(JSON.stringify(containers))).toEqual(containers);
    } finally {
      await service.close();
      await pool.end();
    }
  });
});
