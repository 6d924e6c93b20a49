import { randomUUID } from 'node:crypto';

export const REPORT_MUTATION = `
  mutation Report($input: ReportMetricsInput!) {
    reportMetrics(input: $input) {
      hostId accepted duplicates clockSkewMs
      warnings { reportId path message }
    }
  }`;

/** Returns a plausible system sample; tests override the values they assert on. */
export function systemSample(overrides: Record<string, unknown> = {}) {
  return {
    cpuUsagePercent: 23.5,
    cpuUserPercent: 15,
    cpuSystemPercent: 6,
    cpuIowaitPercent: 2,
    cpuStealPercent: 0.5,
    load1m: 0.8,
    load5m: 0.6,
    load15m: 0.5,
    memoryUsedBytes: 6_000_000_000,
    memoryFreeBytes: 1_000_000_000,
    memoryAvailableBytes: 10_000_000_000,
    memoryCachedBytes: 3_000_000_000,
    memoryBuffersBytes: 200_000_000,
    memoryUsagePercent: 37.5,
    swapUsedBytes: 0,
    swapFreeBytes: 2_000_000_000,
    swapUsagePercent: 0,
    processesTotal: 180,
    processesRunning: 2,
    processesBlocked: 0,
    processesZombie: 0,
    uptimeSeconds: 86_400,
    ...overrides,
  };
}

/** Builds a report batch input for the reportMetrics mutation. */
export function reportInput(
  options: {
    agentId?: string;
    hostname?: string;
    reports?: Record<string, unknown>[];
    systemInfo?: Record<string, unknown>;
  } = {},
) {
  return {
    agentId: options.agentId ?? `agent-${randomUUID()}`,
    agentVersion: '0.1.0',
    systemInfo: {
      hostname: options.hostname ?? 'web-1',
      os: 'linux',
      cpuCores: 4,
      cpuThreads: 8,
      memoryTotalBytes: 16_000_000_000,
      ...options.systemInfo,
    },
    reports: options.reports ?? [report()],
  };
}

export function report(overrides: Record<string, unknown> = {}) {
  return { id: randomUUID(), collectedAt: new Date().toISOString(), system: systemSample(), ...overrides };
}
