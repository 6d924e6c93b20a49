import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullInput, fullReport, FULL_REPORT_ROWS } from '../bench/ingest/fixture.ts';
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

async function send(input: Record<string, unknown>) {
  const result = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, { input });
  expect(result.errors).toBeUndefined();
  return result.data!.reportMetrics;
}

async function rows(sql: string, params: unknown[]) {
  return (await app.services.pool.query(sql, params)).rows;
}

describe('ingest round trip', () => {
  it('stores every part of a full report', async () => {
    const collectedAt = new Date(Date.now() - 30_000);
    const body = fullReport({ collectedAt });
    const input = fullInput(`agent-${randomUUID()}`, 'db-7', [body]);
    const result = await send(input);
    const hostId = result.hostId;

    expect(result.accepted).toEqual([body.id]);
    expect(result.duplicates).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.clockSkewMs).toBeGreaterThanOrEqual(30_000);

    const [host] = await rows('SELECT * FROM hosts WHERE id = $1', [hostId]);
    expect(host).toMatchObject({
      name: 'db-7',
      hostname: 'db-7',
      agent_id: input.agentId,
      os_version: 'Ubuntu 22.04',
      cpu_threads: 8,
      memory_total_bytes: 32_000_000_000,
      ip_addresses: ['10.0.1.17', 'fe80::1'],
      cloud_provider: 'aws',
      agent_version: '0.2.0',
      status: 'online',
    });
    expect(host.clock_skew_ms).toBeGreaterThanOrEqual(30_000);
    expect(host.last_seen_at.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const [sample] = await rows('SELECT * FROM host_metrics WHERE host_id = $1', [hostId]);
    expect(sample.recorded_at.toISOString()).toBe(collectedAt.toISOString());
    expect(sample.cpu_per_core_percent).toEqual(body.system.cpuPerCorePercent);
    expect(sample.tcp_time_wait).toBe(200);
    expect(sample.memory_used_bytes).toBe(12_000_000_000);

    const disks = await rows('SELECT * FROM disk_metrics WHERE host_id = $1 ORDER BY mount_point', [hostId]);
    expect(disks).toHaveLength(FULL_REPORT_ROWS.disks);
    const root = disks.find((disk) => disk.mount_point === '/');
    expect(root.usage_percent).toBeCloseTo(55, 6);
    expect(root).toMatchObject({ device: '/dev/nvme0n1p1', filesystem: 'ext4', used_bytes: 55_000_000_000, read_ops: 10 });

    const network = await rows('SELECT * FROM network_metrics WHERE host_id = $1 ORDER BY interface', [hostId]);
    expect(network.map((row) => row.interface)).toEqual(['docker0', 'eth0', 'lo']);
    expect(network[0]).toMatchObject({ bytes_sent: 2_000_000, packets_received: 4_000, drops_in: 1 });

    const processes = await rows('SELECT * FROM process_snapshots WHERE host_id = $1 ORDER BY pid', [hostId]);
    expect(processes).toHaveLength(FULL_REPORT_ROWS.processes);
    expect(processes[0]).toMatchObject({ pid: 1000, name: 'worker-0', user_name: 'www-data', cpu_percent: 180 });
    // Tab, quote and backslash survive the COPY text format.
    expect(processes[0].command).toBe(body.processes[0]!.command);

    const containers = await rows('SELECT * FROM containers WHERE host_id = $1 ORDER BY name', [hostId]);
    expect(containers).toHaveLength(FULL_REPORT_ROWS.containers);
    expect(containers[0]).toMatchObject({
      name: 'app-0',
      image: 'ghcr.io/example/app:1.4.2',
      cpu_limit: 1.5,
      labels: { team: 'platform', 'com.docker.compose.service': 'app-0' },
      port_mappings: [{ containerPort: 8080, hostPort: 18_080, protocol: 'tcp', hostIp: '0.0.0.0' }],
    });
    const containerStats = await rows('SELECT * FROM container_metrics WHERE host_id = $1', [hostId]);
    expect(containerStats).toHaveLength(FULL_REPORT_ROWS.containers);
    const first = containerStats.find((row) => row.container_id === containers[0].id);
    expect(first).toMatchObject({ cpu_usage_percent: 150, memory_used_bytes: 200_000_000, block_write_bytes: 8_192 });

    const [latest] = await rows('SELECT * FROM host_latest WHERE host_id = $1', [hostId]);
    expect(latest.cpu_usage_percent).toBe(body.system.cpuUsagePercent);
    // /run (tmpfs, 94%) and the snap (squashfs, read-only, 100%) do not count.
    expect(latest.disk_max_usage_percent).toBeCloseTo(55, 6);
    expect(await rows('SELECT mount_point FROM disk_latest WHERE host_id = $1', [hostId])).toHaveLength(FULL_REPORT_ROWS.disks);
    expect(await rows('SELECT interface FROM network_latest WHERE host_id = $1', [hostId])).toHaveLength(FULL_REPORT_ROWS.network);
    expect(await rows('SELECT container_id FROM container_latest WHERE host_id = $1', [hostId])).toHaveLength(
      FULL_REPORT_ROWS.containers,
    );
    expect(await rows('SELECT report_id FROM ingested_reports WHERE host_id = $1', [hostId])).toEqual([{ report_id: body.id }]);
  });

  it('keeps latest values from a late report out', async () => {
    const agentId = `agent-${randomUUID()}`;
    const newer = fullReport({ collectedAt: new Date(Date.now() - 10_000), seed: 5 });
    const older = fullReport({ collectedAt: new Date(Date.now() - 60_000), seed: 9 });
    const { hostId } = await send(fullInput(agentId, 'late-1', [newer]));
    await send(fullInput(agentId, 'late-1', [older]));

    const [latest] = await rows('SELECT recorded_at, cpu_usage_percent FROM host_latest WHERE host_id = $1', [hostId]);
    expect(latest.recorded_at.toISOString()).toBe(newer.collectedAt);
    expect(latest.cpu_usage_percent).toBe(newer.system.cpuUsagePercent);
    expect(await rows('SELECT 1 FROM host_metrics WHERE host_id = $1', [hostId])).toHaveLength(2);
  });

  it('drops unmounted disks from the latest values', async () => {
    const agentId = `agent-${randomUUID()}`;
    const first = fullReport({ collectedAt: new Date(Date.now() - 20_000) });
    const second = fullReport({ collectedAt: new Date(Date.now() - 10_000) });
    second.disks = second.disks.slice(0, 2);
    const { hostId } = await send(fullInput(agentId, 'umount-1', [first]));
    await send(fullInput(agentId, 'umount-1', [second]));

    const mounts = await rows('SELECT mount_point FROM disk_latest WHERE host_id = $1 ORDER BY mount_point', [hostId]);
    expect(mounts.map((row) => row.mount_point)).toEqual(['/', '/var/lib/postgresql']);
  });
});

describe('ingest dedupe', () => {
  it('stores a retried batch once', async () => {
    const earlier = new Date(Date.now() - 10_000);
    const input = fullInput(`agent-${randomUUID()}`, 'retry-1', [fullReport({ collectedAt: earlier }), fullReport()]);
    const first = await send(input);
    const second = await send(input);

    expect(first.accepted).toHaveLength(2);
    expect(second.accepted).toEqual([]);
    expect([...second.duplicates].sort()).toEqual(input.reports.map((r) => r.id).sort());
    expect(await rows('SELECT 1 FROM process_snapshots WHERE host_id = $1', [first.hostId])).toHaveLength(40);
    expect(await rows('SELECT 1 FROM container_metrics WHERE host_id = $1', [first.hostId])).toHaveLength(20);
  });

  it('stores an id repeated within one request once', async () => {
    const id = randomUUID();
    const input = reportInput({ reports: [report({ id }), report({ id })] });
    const result = await send(input);

    expect(result.accepted).toEqual([id]);
    expect(result.duplicates).toEqual([id]);
    expect(await rows('SELECT 1 FROM host_metrics WHERE host_id = $1', [result.hostId])).toHaveLength(1);
  });
});

describe('ingest repeated instants', () => {
  it('keeps one system sample per instant', async () => {
    const collectedAt = new Date(Date.now() - 5_000).toISOString();
    const input = reportInput({ reports: [report({ collectedAt }), report({ collectedAt })] });
    const result = await send(input);

    expect(result.accepted).toHaveLength(2);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ path: 'reports[1].system', message: expect.stringMatching(/same collectedAt/) });
    expect(await rows('SELECT 1 FROM host_metrics WHERE host_id = $1', [result.hostId])).toHaveLength(1);
  });

  it('rejects a new id for a stored instant', async () => {
    const agentId = `agent-${randomUUID()}`;
    const collectedAt = new Date(Date.now() - 5_000).toISOString();
    await send(reportInput({ agentId, reports: [report({ collectedAt })] }));
    const again = await graphql(app.http.url, project.keys.ingest, REPORT_MUTATION, {
      input: reportInput({ agentId, reports: [report({ collectedAt })] }),
    });

    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_REPORT');
    expect(again.errors?.[0]?.message).toMatch(/same collectedAt/);
  });
});

describe('ingest hosts', () => {
  it('keeps a renamed host and its operator name', async () => {
    const agentId = `agent-${randomUUID()}`;
    const first = await send(reportInput({ agentId, hostname: 'old-name' }));
    await app.services.pool.query(`UPDATE hosts SET name = 'billing primary' WHERE id = $1`, [first.hostId]);
    const second = await send(reportInput({ agentId, hostname: 'new-name' }));

    expect(second.hostId).toBe(first.hostId);
    const [host] = await rows('SELECT name, hostname FROM hosts WHERE id = $1', [first.hostId]);
    expect(host).toEqual({ name: 'billing primary', hostname: 'new-name' });
    expect(await rows('SELECT 1 FROM hosts WHERE agent_id = $1', [agentId])).toHaveLength(1);
  });

  it('updates system info when it changes', async () => {
    const agentId = `agent-${randomUUID()}`;
    const { hostId } = await send(reportInput({ agentId, systemInfo: { kernelVersion: '6.1.0', memoryTotalBytes: 8e9 } }));
    await send(reportInput({ agentId, systemInfo: { kernelVersion: '6.1.0', memoryTotalBytes: 8e9 } }));
    await send(reportInput({ agentId, systemInfo: { kernelVersion: '6.8.0', memoryTotalBytes: 16e9 } }));

    const [host] = await rows('SELECT kernel_version, memory_total_bytes FROM hosts WHERE id = $1', [hostId]);
    expect(host).toEqual({ kernel_version: '6.8.0', memory_total_bytes: 16e9 });
  });

  it('writes container metadata whenever one of its fields changes', async () => {
    const agentId = `agent-${randomUUID()}`;
    const at = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1_000).toISOString();
    const container = {
      containerId: 'c0ffee',
      name: 'api',
      image: 'api:1.4',
      status: 'running',
      portMappings: [{ containerPort: 8080, hostPort: 80, protocol: 'tcp' }],
      labels: [{ name: 'team', value: 'billing' }],
    };
    const changes: [string, Record<string, unknown>][] = [
      ['status', { status: 'exited' }],
      ['the exit code', { exitCode: 137 }],
      ['a port', { portMappings: [{ containerPort: 8080, hostPort: 81, protocol: 'tcp' }] }],
      ['a label value', { labels: [{ name: 'team', value: 'search' }] }],
      ['the image', { image: 'api:1.5' }],
    ];

    const { hostId } = await send(reportInput({ agentId, reports: [report({ collectedAt: at(50), containers: [container] })] }));
    let current: Record<string, unknown> = container;
    for (const [index, [field, change]] of changes.entries()) {
      current = { ...current, ...change };
      await send(reportInput({ agentId, reports: [report({ collectedAt: at(40 - index * 10), containers: [current] })] }));
      const [row] = await rows('SELECT status, exit_code, image, port_mappings, labels FROM containers WHERE host_id = $1', [hostId]);
      expect(row, `after a change of ${field}`).toMatchObject({
        status: current.status,
        exit_code: current.exitCode ?? null,
        image: current.image,
        port_mappings: [expect.objectContaining({ hostPort: (current.portMappings as { hostPort: number }[])[0]!.hostPort })],
        labels: { team: (current.labels as { value: string }[])[0]!.value },
      });
    }
  });

  it('nulls counter deltas after a reboot', async () => {
    // A server-side guard for an agent that sent the raw difference of a reset counter.
    const body = fullReport();
    body.network[0]!.bytesSent = -5_000_000;
    body.disks[0]!.readBytes = 2_000_000_000_000_000;
    const result = await send(fullInput(`agent-${randomUUID()}`, 'reboot-1', [body]));

    const [eth0] = await rows(`SELECT bytes_sent, bytes_received FROM network_metrics WHERE host_id = $1 AND interface = 'eth0'`, [
      result.hostId,
    ]);
    expect(eth0).toEqual({ bytes_sent: null, bytes_received: 2_000_000 });
    const [root] = await rows(`SELECT read_bytes, write_bytes FROM disk_metrics WHERE host_id = $1 AND mount_point = '/'`, [
      result.hostId,
    ]);
    expect(root).toEqual({ read_bytes: null, write_bytes: 81_920 });
    expect(result.warnings.map((w: { path: string }) => w.path)).toEqual([
      'reports[0].disks[0].readBytes',
      'reports[0].network[0].bytesSent',
    ]);
  });

  it('derives status from real filesystems only', async () => {
    const body = fullReport();
    body.disks[0]!.usagePercent = 93;
    const critical = await send(fullInput(`agent-${randomUUID()}`, 'disk-1', [body]));
    const [host] = await rows('SELECT status FROM hosts WHERE id = $1', [critical.hostId]);
    expect(host.status).toBe('critical');

    const pseudoOnly = fullReport({ collectedAt: new Date() });
    pseudoOnly.disks = pseudoOnly.disks.filter((disk) => ['tmpfs', 'squashfs'].includes(disk.filesystem));
    const ok = await send(fullInput(`agent-${randomUUID()}`, 'disk-2', [pseudoOnly]));
    const [okHost] = await rows('SELECT status FROM hosts WHERE id = $1', [ok.hostId]);
    expect(okHost.status).toBe('online');
  });

  it('raises nothing for missing values', async () => {
    const input = reportInput({ systemInfo: { cpuCores: null, cpuThreads: null }, reports: [report({ system: { load1m: 64 } })] });
    const result = await send(input);
    const [host] = await rows('SELECT status FROM hosts WHERE id = $1', [result.hostId]);
    expect(host.status).toBe('online');
  });

  it('stores a report without system sample', async () => {
    const input = reportInput({ reports: [report({ system: null }), report({ system: systemSample({ cpuUsagePercent: 3 }) })] });
    const result = await send(input);
    expect(result.accepted).toHaveLength(2);
    expect(await rows('SELECT 1 FROM host_metrics WHERE host_id = $1', [result.hostId])).toHaveLength(1);
  });
});
