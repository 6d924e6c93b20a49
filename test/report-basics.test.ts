import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sentinel } from '../src/app.ts';
import { graphql, seedProject, startTestApp, type SeededProject } from './helpers/app.ts';
import { REPORT_MUTATION, report, reportInput, systemSample } from './helpers/reports.ts';

let app: Sentinel;
let project: SeededProject;

beforeAll(async () => {
  app = await startTestApp();
  project = await seedProject(app.services.prisma);
});
afterAll(async () => {
  await app?.stop();
});

const HOSTS_QUERY = '{ hosts(first: 100) { edges { node { id name status cpuUsage memoryUsage load1m lastSeenAt } } } }';

async function countRows(table: string, hostId: string): Promise<number> {
  const { rows } = await app.services.pool.query(`SELECT count(*) AS n FROM ${table} WHERE host_id = $1`, [hostId]);
  return rows[0].n;
}

describe('reportMetrics', () => {
  it('registers the host and stores the sample with the agent collection time', async () => {
    const collectedAt = new Date(Date.now() - 60_000).toISOString();
    const input = reportInput({ reports: [report({ collectedAt, system: systemSample({ cpuUsagePercent: 42 }) })] });

    const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });

    expect(result.errors).toBeUndefined();
    const hostId = result.data!.reportMetrics.hostId;
    const { rows } = await app.services.pool.query('SELECT recorded_at, cpu_usage_percent FROM host_metrics WHERE host_id = $1', [hostId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].recorded_at.toISOString()).toBe(collectedAt);
    expect(rows[0].cpu_usage_percent).toBe(42);
  });

  it('acknowledges a retried report without storing it again', async () => {
    const input = reportInput();
    const first = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
    const second = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });

    const reportId = input.reports[0]!.id;
    expect(first.data!.reportMetrics.accepted).toEqual([reportId]);
    expect(second.data!.reportMetrics.accepted).toEqual([]);
    expect(second.data!.reportMetrics.duplicates).toEqual([reportId]);
    expect(await countRows('host_metrics', first.data!.reportMetrics.hostId)).toBe(1);
  });

  it('derives status from the sketch thresholds', async () => {
    const cases = [
      { cpu: 50, memory: 50, expected: 'online' },
      { cpu: 85, memory: 50, expected: 'warning' },
      { cpu: 50, memory: 96, expected: 'critical' },
    ];
    for (const { cpu, memory, expected } of cases) {
      const input = reportInput({
        reports: [report({ system: systemSample({ cpuUsagePercent: cpu, memoryUsagePercent: memory }) })],
      });
      const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
      const host = await app.services.prisma.host.findUniqueOrThrow({ where: { id: result.data!.reportMetrics.hostId } });
      expect(host.status, `cpu ${cpu} memory ${memory}`).toBe(expected);
    }
  });

  it('serves the host through the hosts query with latest values', async () => {
    const input = reportInput({ hostname: `latest-${randomUUID().slice(0, 8)}` });
    await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });

    const result = await graphql(app.http.url, project.keys.read, HOSTS_QUERY);
    const hosts = result.data!.hosts.edges.map((edge: { node: { name: string } }) => edge.node);
    const host = hosts.find((h: { name: string }) => h.name === input.systemInfo.hostname);
    expect(host).toMatchObject({ status: 'online', cpuUsage: 23.5, memoryUsage: 37.5, load1m: 0.8 });
    expect(new Date(host.lastSeenAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('reportMetrics input checks', () => {
  async function expectRejected(input: ReturnType<typeof reportInput>, field: RegExp) {
    const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
    expect(result.data?.reportMetrics ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(field);
    const hosts = await app.services.prisma.host.count({ where: { agentId: input.agentId } });
    expect(hosts).toBe(0);
  }

  it('rejects a non-finite number and writes nothing', async () => {
    // JSON has no Infinity; 1e999 is how a broken client produces one.
    const body = JSON.stringify({ query: REPORT_MUTATION, variables: { input: reportInput() } }).replace(
      '"cpuUsagePercent":23.5',
      '"cpuUsagePercent":1e999',
    );
    const response = await fetch(`${app.http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${project.keys.ingest}` },
      body,
    });
    const result = (await response.json()) as { errors: { message: string }[] };
    expect(result.errors[0]!.message).toMatch(/reports\[0\]\.system\.cpuUsagePercent/);
    expect(result.errors[0]!.message).toMatch(/Infinity/);
  });

  it('rejects a negative byte count naming the field', async () => {
    const input = reportInput({ reports: [report({ system: systemSample({ memoryUsedBytes: -1 }) })] });
    await expectRejected(input, /reports\[0\]\.system\.memoryUsedBytes = -1/);
  });

  it('rejects a missing agent id', async () => {
    const input = { ...reportInput(), agentId: '' };
    await expectRejected(input, /agentId = "": must not be empty/);
  });

  it('rejects a percentage above 100', async () => {
    const input = reportInput({ reports: [report({ system: systemSample({ memoryUsagePercent: 140 }) })] });
    await expectRejected(input, /memoryUsagePercent = 140/);
  });

  it('rejects a report from more than five minutes in the future', async () => {
    const collectedAt = new Date(Date.now() + 10 * 60_000).toISOString();
    await expectRejected(reportInput({ reports: [report({ collectedAt })] }), /reports\[0\]\.collectedAt/);
  });

  it('rejects a byte count beyond 2^53', async () => {
    const input = reportInput({ reports: [report({ system: systemSample({ memoryUsedBytes: '9007199254740993' }) })] });
    const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
    expect(result.errors?.[0]?.message).toMatch(/memoryUsedBytes/);
    expect(result.errors?.[0]?.message).toMatch(/2\^53/);
  });
});

describe('API keys', () => {
  it('keeps one project from seeing the hosts of another', async () => {
    const other = await seedProject(app.services.prisma);
    const input = reportInput({ hostname: 'private-host' });
    await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });

    const result = await graphql(app.http.url, other.keys.admin, HOSTS_QUERY);
    expect(result.data!.hosts.edges).toEqual([]);
  });

  it('rejects a request without a key', async () => {
    const result = await graphql(app.http.url, null, HOSTS_QUERY);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('does not let an ingest key read', async () => {
    const result = await graphql(app.http.url, project.keys.ingest, HOSTS_QUERY);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not let a read key report', async () => {
    const result = await graphql(app.http.url, project.keys.read, REPORT_MUTATION, { input: reportInput() });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
