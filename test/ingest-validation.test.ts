import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fullReport } from '../bench/ingest/fixture.ts';
import type { SentinelError } from '../src/errors.ts';
import { MAX_COMMAND_LENGTH, MAX_PROCESSES_PER_REPORT } from '../src/ingest/limits.ts';
import type { AgentReport, ReportBatch } from '../src/ingest/report-types.ts';
import { normalizeBatch } from '../src/ingest/validate.ts';

const NOW = new Date('2026-06-01T12:00:00.000Z');

// The fixture as the service receives it after GraphQL coercion: instants as Date.
function coercedReport(overrides: Partial<AgentReport> = {}): AgentReport {
  const raw = fullReport({ collectedAt: new Date(NOW.getTime() - 10_000) });
  return {
    ...raw,
    collectedAt: new Date(raw.collectedAt),
    processes: raw.processes.map((process) => ({ ...process, startedAt: new Date(process.startedAt) })),
    containers: raw.containers.map((container) => ({ ...container, startedAt: new Date(container.startedAt) })),
    ...overrides,
  };
}

function batchOf(reports: AgentReport[], overrides: Partial<ReportBatch> = {}): ReportBatch {
  return { agentId: 'agent-1', systemInfo: { hostname: 'web-1', cpuCores: 4 }, reports, ...overrides };
}

function rejection(batch: ReportBatch): SentinelError {
  try {
    normalizeBatch(batch, NOW);
  } catch (error) {
    return error as SentinelError;
  }
  throw new Error('expected the batch to be rejected');
}

describe('validation rejects', () => {
  const base = coercedReport();
  const cases: { name: string; batch: ReportBatch; field: string; value: unknown }[] = [
    { name: 'empty agent id', batch: batchOf([base], { agentId: ' \u0000 ' }), field: 'agentId', value: ' \u0000 ' },
    { name: 'empty hostname', batch: batchOf([base], { systemInfo: { hostname: '' } }), field: 'systemInfo.hostname', value: '' },
    { name: 'no reports', batch: batchOf([]), field: 'reports', value: [] },
    {
      name: 'too many reports',
      batch: batchOf(Array.from({ length: 101 }, () => coercedReport({ id: randomUUID() }))),
      field: 'reports',
      value: '101 reports',
    },
    { name: 'id not a UUID', batch: batchOf([coercedReport({ id: 'report-1' })]), field: 'reports[0].id', value: 'report-1' },
    {
      name: 'report from the future',
      batch: batchOf([coercedReport({ collectedAt: new Date(NOW.getTime() + 6 * 60_000) })]),
      field: 'reports[0].collectedAt',
      value: '2026-06-01T12:06:00.000Z',
    },
    {
      name: 'non-finite number',
      batch: batchOf([coercedReport({ system: { load1m: Number.POSITIVE_INFINITY } })]),
      field: 'reports[0].system.load1m',
      value: 'Infinity',
    },
    {
      name: 'percentage above 100',
      batch: batchOf([coercedReport({ system: { cpuUsagePercent: 100.5 } })]),
      field: 'reports[0].system.cpuUsagePercent',
      value: 100.5,
    },
    {
      name: 'negative percentage',
      batch: batchOf([coercedReport({ system: { cpuPerCorePercent: [3, -1] } })]),
      field: 'reports[0].system.cpuPerCorePercent[1]',
      value: -1,
    },
    {
      name: 'negative gauge',
      batch: batchOf([coercedReport({ system: { memoryUsedBytes: -1 } })]),
      field: 'reports[0].system.memoryUsedBytes',
      value: -1,
    },
    {
      name: 'negative disk size',
      batch: batchOf([coercedReport({ disks: [{ device: '/dev/sda1', mountPoint: '/', totalBytes: -5 }] })]),
      field: 'reports[0].disks[0].totalBytes',
      value: -5,
    },
    {
      name: 'empty interface name',
      batch: batchOf([coercedReport({ network: [{ name: '\u0000' }] })]),
      field: 'reports[0].network[0].name',
      value: '\u0000',
    },
    {
      name: 'non-positive interval',
      batch: batchOf([coercedReport({ intervalSeconds: 0 })]),
      field: 'reports[0].intervalSeconds',
      value: 0,
    },
    {
      name: 'negative system memory',
      batch: batchOf([base], { systemInfo: { hostname: 'web-1', memoryTotalBytes: -1 } }),
      field: 'systemInfo.memoryTotalBytes',
      value: -1,
    },
  ];

  for (const { name, batch, field, value } of cases) {
    it(name, () => {
      const error = rejection(batch);
      expect(error.extensions.code).toBe('INVALID_REPORT');
      expect(error.extensions.field).toBe(field);
      expect(error.extensions.value).toEqual(value);
      expect(error.message).toContain(field);
    });
  }
});

describe('validation cleans', () => {
  it('removes NUL and lone surrogates', () => {
    const process = { ...coercedReport().processes![0]!, name: 'ng\u0000inx', command: 'run \uD800 now' };
    const { batch } = normalizeBatch(batchOf([coercedReport({ processes: [process] })]), NOW);
    expect(batch.reports[0]!.processes![0]!.name).toBe('nginx');
    expect(batch.reports[0]!.processes![0]!.command).toBe('run \uFFFD now');
  });

  it('cuts long commands and lists', () => {
    const template = coercedReport().processes![0]!;
    const processes = Array.from({ length: 250 }, (_unused, index) => ({ ...template, pid: index, command: 'x'.repeat(5_000) }));
    const { batch, warnings } = normalizeBatch(batchOf([coercedReport({ processes })]), NOW);

    const stored = batch.reports[0]!.processes!;
    expect(stored).toHaveLength(MAX_PROCESSES_PER_REPORT);
    expect(stored[0]!.command).toHaveLength(MAX_COMMAND_LENGTH);
    expect(warnings).toEqual([
      { reportId: batch.reports[0]!.id, path: 'reports[0].processes', message: '250 entries: only the first 200 are stored' },
    ]);
  });

  it('does not split a surrogate pair', () => {
    const command = `${'a'.repeat(MAX_COMMAND_LENGTH - 1)}😀`;
    const process = { ...coercedReport().processes![0]!, command };
    const { batch } = normalizeBatch(batchOf([coercedReport({ processes: [process] })]), NOW);
    expect(batch.reports[0]!.processes![0]!.command).toBe('a'.repeat(MAX_COMMAND_LENGTH - 1));
  });

  it('allows CPU above 100 for processes and containers', () => {
    const { batch, warnings } = normalizeBatch(batchOf([coercedReport()]), NOW);
    expect(warnings).toEqual([]);
    expect(batch.reports[0]!.processes![0]!.cpuPercent).toBe(180);
    expect(batch.reports[0]!.containers![0]!.stats!.cpuUsagePercent).toBe(150);
  });

  it('nulls usage of a zero-size filesystem', () => {
    const disks = [{ device: 'proc', mountPoint: '/proc', filesystem: 'proc', totalBytes: 0, usedBytes: 0, usagePercent: 100 }];
    const { batch } = normalizeBatch(batchOf([coercedReport({ disks })]), NOW);
    expect(batch.reports[0]!.disks![0]!.usagePercent).toBeNull();
  });

  it('computes missing usage from sizes', () => {
    const disks = [{ device: '/dev/sda1', mountPoint: '/', totalBytes: 200, usedBytes: 50, inodesTotal: 0, inodesUsagePercent: 3 }];
    const { batch } = normalizeBatch(batchOf([coercedReport({ disks })]), NOW);
    expect(batch.reports[0]!.disks![0]!.usagePercent).toBe(25);
    expect(batch.reports[0]!.disks![0]!.inodesUsagePercent).toBeNull();
  });

  it('keeps one disk per device and mount', () => {
    const disks = [
      { device: '/dev/sda1', mountPoint: '/', totalBytes: 100, usedBytes: 10 },
      { device: '/dev/sda1', mountPoint: '/', totalBytes: 100, usedBytes: 20 },
      { device: '/dev/sda1', mountPoint: '/srv', totalBytes: 100, usedBytes: 30 },
    ];
    const { batch } = normalizeBatch(batchOf([coercedReport({ disks })]), NOW);
    expect(batch.reports[0]!.disks!.map((disk) => disk.usedBytes)).toEqual([20, 30]);
  });

  it('sorts reports oldest first', () => {
    const newer = coercedReport({ id: randomUUID(), collectedAt: new Date(NOW.getTime() - 1_000) });
    const older = coercedReport({ id: randomUUID(), collectedAt: new Date(NOW.getTime() - 9_000) });
    const { batch } = normalizeBatch(batchOf([newer, older]), NOW);
    expect(batch.reports.map((report) => report.id)).toEqual([older.id, newer.id]);
  });
});

describe('validation drops', () => {
  const cases: { name: string; change: Record<string, unknown>; path: string }[] = [
    { name: 'negative rss', change: { memoryRssBytes: -4096 }, path: 'reports[0].processes[3].memoryRssBytes' },
    { name: 'name empty after cleaning', change: { name: '\u0000\u0000' }, path: 'reports[0].processes[3].name' },
    { name: 'memory share above 100', change: { memoryPercent: 250 }, path: 'reports[0].processes[3].memoryPercent' },
    { name: 'NaN cpu', change: { cpuPercent: Number.NaN }, path: 'reports[0].processes[3].cpuPercent' },
  ];
  for (const { name, change, path } of cases) {
    it(`process with ${name}`, () => {
      const report = coercedReport();
      report.processes![3] = { ...report.processes![3]!, ...change };
      const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);

      expect(batch.reports[0]!.processes).toHaveLength(19);
      expect(batch.reports[0]!.processes!.some((process) => process.pid === 1003)).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.path).toBe('reports[0].processes[3]');
      expect(warnings[0]!.message).toContain(path);
    });
  }

  it('container with a bad port', () => {
    const report = coercedReport();
    report.containers![2] = { ...report.containers![2]!, portMappings: [{ containerPort: 70_000 }] };
    const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);
    expect(batch.reports[0]!.containers).toHaveLength(9);
    expect(warnings[0]!.message).toContain('reports[0].containers[2].portMappings[0].containerPort = 70000');
  });

  it('container with negative memory', () => {
    const report = coercedReport();
    const container = report.containers![1]!;
    report.containers![1] = { ...container, stats: { ...container.stats, memoryUsedBytes: -1 } };
    const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);
    expect(batch.reports[0]!.containers!.map((c) => c.name)).not.toContain('app-1');
    expect(warnings[0]!.path).toBe('reports[0].containers[1]');
  });
});

describe('validation counters', () => {
  it('nulls negative and absurd deltas', () => {
    const report = coercedReport({
      intervalSeconds: 10,
      network: [{ name: 'eth0', bytesSent: -1, bytesReceived: 1_000_000_000_001, packetsSent: 10 }],
    });
    const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);
    expect(batch.reports[0]!.network![0]).toMatchObject({ bytesSent: null, bytesReceived: null, packetsSent: 10 });
    expect(warnings.map((warning) => warning.path)).toEqual(['reports[0].network[0].bytesSent', 'reports[0].network[0].bytesReceived']);
  });

  it('keeps a large delta within bound', () => {
    const report = coercedReport({ intervalSeconds: 10, network: [{ name: 'eth0', bytesReceived: 1_000_000_000_000 }] });
    const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);
    expect(batch.reports[0]!.network![0]!.bytesReceived).toBe(1_000_000_000_000);
    expect(warnings).toEqual([]);
  });

  it('nulls a negative container delta', () => {
    const report = coercedReport();
    const container = report.containers![0]!;
    report.containers![0] = { ...container, stats: { ...container.stats, networkRxBytes: -10 } };
    const { batch, warnings } = normalizeBatch(batchOf([report]), NOW);
    expect(batch.reports[0]!.containers![0]!.stats!.networkRxBytes).toBeNull();
    expect(warnings[0]!.path).toBe('reports[0].containers[0].stats.networkRxBytes');
  });
});
