import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ContainerCollector } from '../src/collectors/containers.ts';
import type { ContainerInput } from '../src/generated/graphql.ts';
import { FakeDockerEngine, type FakeContainer } from './helpers/fake-docker.ts';
import { createCapturingLogger, LOG_LEVEL } from './helpers/logs.ts';
import { makeTemporaryDirectory } from './helpers/reports.ts';

const MIB = 1024 * 1024;
const SECRET = 'hunter2-database-password';
/** Two collections, each waiting out one hung stats call (3 s), plus slack. */
const TEST_TIMEOUT_MS = 20_000;

function webStats(received: number, read: number): Record<string, unknown> {
  return {
    cpu_stats: {
      cpu_usage: { total_usage: 2_000_000_000 },
      system_cpu_usage: 8_000_000_000,
      online_cpus: 2,
      throttling_data: { periods: 100, throttled_periods: 10, throttled_time: 5_000 },
    },
    precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 4_000_000_000, online_cpus: 2 },
    memory_stats: { usage: 100 * MIB, limit: 512 * MIB, stats: { inactive_file: 30 * MIB, file: 40 * MIB, anon: 50 * MIB } },
    networks: {
      eth0: { rx_bytes: received, tx_bytes: 2_000, rx_packets: 10, tx_packets: 20 },
      eth1: { rx_bytes: 100, tx_bytes: 0, rx_packets: 1, tx_packets: 0 },
    },
    blkio_stats: {
      io_service_bytes_recursive: [
        { major: 8, minor: 0, op: 'read', value: read },
        { major: 8, minor: 0, op: 'write', value: 8_192 },
      ],
    },
    pids_stats: { current: 5, limit: 100 },
  };
}

function container(id: string, name: string, state: string, extra: Partial<FakeContainer> = {}): FakeContainer {
  return {
    summary: {
      Id: id,
      Names: [`/${name}`],
      Image: `${name}:latest`,
      ImageID: `sha256:${id}`,
      State: state,
      Status: state,
      Labels: { 'com.example.team': 'ops' },
      HostConfig: { NetworkMode: 'bridge' },
      Ports: [],
    },
    inspect: {
      State: { StartedAt: '2026-01-01T10:00:00.123456789Z', FinishedAt: '0001-01-01T00:00:00Z', ExitCode: 0 },
      HostConfig: { Memory: 0, NanoCpus: 0 },
      Config: { Env: [`DB_PASSWORD=${SECRET}`, 'PATH=/usr/bin'] },
    },
    ...extra,
  };
}

function byName(containers: ContainerInput[] | null, name: string): ContainerInput {
  const found = containers?.find((candidate) => candidate.name === name);
  if (found === undefined) {
    throw new Error(`container ${name} not reported`);
  }
  return found;
}

describe('container collector', () => {
  let engine: FakeDockerEngine;
  let removeDirectory: () => Promise<void>;
  let first: ContainerInput[] | null;
  let second: ContainerInput[] | null;

  beforeAll(async () => {
    const directory = await makeTemporaryDirectory('docker');
    removeDirectory = directory.remove;
    engine = new FakeDockerEngine(directory.path);

    const web = container('a1', 'web', 'running', { stats: webStats(1_000, 4_096) });
    web.summary['Ports'] = [
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { PrivatePort: 9000, Type: 'udp' },
    ];
    web.inspect['HostConfig'] = { Memory: 512 * MIB, NanoCpus: 1_500_000_000 };

    const database = container('b2', 'db', 'running', {
      stats: {
        cpu_stats: { cpu_usage: { total_usage: 5_000 }, system_cpu_usage: 9_000, online_cpus: 4 },
        precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 },
        memory_stats: {
          usage: 200 * MIB,
          limit: 1_024 * MIB,
          stats: { total_inactive_file: 50 * MIB, cache: 60 * MIB, rss: 120 * MIB },
        },
        blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 10 }, { op: 'Write', value: 20 }, { op: 'Total', value: 30 }] },
        pids_stats: { current: 0, limit: 0 },
      },
    });
    database.inspect['HostConfig'] = { Memory: 0, CpuQuota: 50_000, CpuPeriod: 100_000 };

    const exited = container('c3', 'migrate', 'exited');
    exited.inspect['State'] = { StartedAt: '2026-01-01T09:00:00Z', FinishedAt: '2026-01-01T09:05:00Z', ExitCode: 137 };

    const paused = container('d4', 'worker', 'paused', { stats: webStats(1, 1) });
    const stuck = container('e5', 'stuck', 'running', { stats: 'hang' });
    engine.containers = [web, database, exited, paused, stuck];
    await engine.start();

    const { logger } = createCapturingLogger();
    const collector = new ContainerCollector({ socketPath: engine.socketPath, logger });
    first = await collector.collect();
    web.stats = webStats(1_500, 5_120);
    second = await collector.collect();
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await engine.stop();
    await removeDirectory();
  });

  it('reports every container', () => {
    expect(first?.map((entry) => entry.name)).toEqual(['web', 'db', 'migrate', 'worker', 'stuck']);
    expect(first?.map((entry) => entry.status)).toEqual(['running', 'running', 'exited', 'paused', 'running']);
  });

  it('never includes environment variables', () => {
    expect(JSON.stringify(first)).not.toContain(SECRET);
    expect(JSON.stringify(second)).not.toContain('DB_PASSWORD');
  });

  it('maps limits, ports and labels', () => {
    const web = byName(first, 'web');
    expect(web.memoryLimitBytes).toBe(512 * MIB);
    expect(web.cpuLimit).toBe(1.5);
    expect(web.runtime).toBe('docker');
    expect(web.networkMode).toBe('bridge');
    expect(web.startedAt).toBe('2026-01-01T10:00:00.123Z');
    expect(web.finishedAt).toBeNull();
    expect(web.exitCode).toBeNull();
    expect(web.portMappings).toEqual([
      { containerPort: 80, hostPort: 8080, protocol: 'tcp', hostIp: '0.0.0.0' },
      { containerPort: 9000, hostPort: null, protocol: 'udp', hostIp: null },
    ]);
    expect(web.labels).toEqual([{ name: 'com.example.team', value: 'ops' }]);
    expect(byName(first, 'db').cpuLimit).toBe(0.5);
    expect(byName(first, 'db').memoryLimitBytes).toBeNull();
  });

  it('reports exit code of exited containers', () => {
    const exited = byName(first, 'migrate');
    expect(exited.exitCode).toBe(137);
    expect(exited.finishedAt).toBe('2026-01-01T09:05:00.000Z');
    expect(exited.stats).toBeNull();
  });

  it('requests stats for running containers only', () => {
    expect(byName(first, 'worker').stats).toBeNull();
    expect(engine.requests.some((path) => path.startsWith('/containers/d4/stats'))).toBe(false);
    expect(engine.requests.some((path) => path.startsWith('/containers/c3/stats'))).toBe(false);
  });

  it('computes cgroup v2 stats', () => {
    const stats = byName(first, 'web').stats;
    expect(stats?.cpuUsagePercent).toBe(50);
    expect(stats?.memoryUsedBytes).toBe(70 * MIB);
    expect(stats?.memoryLimitBytes).toBe(512 * MIB);
    expect(stats?.memoryUsagePercent).toBe(13.67);
    expect(stats?.memoryCacheBytes).toBe(40 * MIB);
    expect(stats?.memoryRssBytes).toBe(50 * MIB);
    expect(stats?.pidsCurrent).toBe(5);
    expect(stats?.pidsLimit).toBe(100);
  });

  it('computes cgroup v1 stats', () => {
    const stats = byName(first, 'db').stats;
    expect(stats?.cpuUsagePercent).toBeNull();
    expect(stats?.memoryUsedBytes).toBe(150 * MIB);
    expect(stats?.memoryCacheBytes).toBe(60 * MIB);
    expect(stats?.memoryRssBytes).toBe(120 * MIB);
    expect(stats?.pidsCurrent).toBe(0);
    expect(stats?.pidsLimit).toBeNull();
  });

  it('sends null counters on the first cycle', () => {
    const stats = byName(first, 'web').stats;
    expect(stats?.networkRxBytes).toBeNull();
    expect(stats?.blockReadBytes).toBeNull();
    expect(stats?.cpuThrottledPeriods).toBeNull();
  });

  it('sends counter deltas on the next cycle', () => {
    const stats = byName(second, 'web').stats;
    expect(stats?.networkRxBytes).toBe(500);
    expect(stats?.networkTxBytes).toBe(0);
    expect(stats?.networkRxPackets).toBe(0);
    expect(stats?.blockReadBytes).toBe(1_024);
    expect(stats?.blockWriteBytes).toBe(0);
    expect(stats?.cpuThrottledPeriods).toBe(0);
    expect(byName(second, 'db').stats?.blockReadBytes).toBe(0);
  });

  it('reports others when one stats call hangs', () => {
    expect(byName(first, 'stuck').stats).toBeNull();
    expect(byName(second, 'stuck').stats).toBeNull();
    expect(byName(second, 'web').stats).not.toBeNull();
  });
});

describe('container collector without docker', () => {
  it('returns no containers and logs once at debug', async () => {
    const directory = await makeTemporaryDirectory('no-docker');
    const { logger, lines } = createCapturingLogger();
    const collector = new ContainerCollector({ socketPath: join(directory.path, 'missing.sock'), logger });

    const first = await collector.collect();
    const second = await collector.collect();
    await directory.remove();

    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe(LOG_LEVEL.debug);
    expect(lines[0]?.['code']).toBe('ENOENT');
  });
});
