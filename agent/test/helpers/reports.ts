import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ReportMetricsInput } from '../../src/generated/graphql.ts';
import type { AgentReport } from '../../src/report/agent-report.ts';

const BASE_TIME_MS = Date.parse('2026-01-01T00:00:00.000Z');
const INTERVAL_MS = 10_000;

/** A small valid report; `index` sets its collection time, ten seconds apart. */
export function makeReport(index: number): AgentReport {
  return {
    id: randomUUID(),
    collectedAt: new Date(BASE_TIME_MS + index * INTERVAL_MS).toISOString(),
    intervalSeconds: index === 0 ? null : 10,
    system: null,
    disks: [],
    network: [],
    processes: [],
    containers: null,
  };
}

/** Request envelope with a fixed agent and host description. */
export function wrapReports(reports: AgentReport[]): ReportMetricsInput {
  return {
    agentId: 'test-agent',
    agentVersion: '0.0.0-test',
    agentStartedAt: null,
    systemInfo: {
      hostname: 'test-host',
      os: 'linux',
      osVersion: null,
      kernelVersion: null,
      architecture: null,
      cpuModel: null,
      cpuCores: null,
      cpuThreads: null,
      memoryTotalBytes: null,
      swapTotalBytes: null,
      ipAddresses: null,
      publicIp: null,
      privateIp: null,
      macAddresses: null,
      cloudProvider: null,
      cloudRegion: null,
      cloudZone: null,
      instanceType: null,
      instanceId: null,
      bootTime: null,
    },
    reports,
  };
}

/** Creates a temporary directory and returns it with its cleanup. */
export async function makeTemporaryDirectory(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `sentinel-agent-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
