import { readFile } from 'node:fs/promises';

import type { SystemMetricsInput } from '../generated/graphql.ts';
import { computeCpuUsage, computePerCoreUsage, parseProcStat, type ProcStat } from './cpu.ts';
import { parseMeminfo, type MemoryMetrics } from './memory.ts';
import { collectTcpCounts } from './tcp.ts';

export type SystemCollection = {
  /** Host metrics; process totals are filled in by the process collector. */
  metrics: SystemMetricsInput;
  memory: MemoryMetrics;
  bootTimeSeconds: number | null;
};

/** Parses /proc/loadavg: the first three fields are the 1, 5 and 15 minute averages. */
export function parseLoadAverage(text: string): [number, number, number] | null {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (one === undefined || five === undefined || fifteen === undefined) {
    return null;
  }
  return [one, five, fifteen];
}

/** Parses /proc/uptime: seconds since boot, whole seconds. */
export function parseUptime(text: string): number | null {
  const seconds = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(seconds) ? Math.floor(seconds) : null;
}

/**
 * Collects CPU, load, memory, swap, uptime and TCP socket counts. CPU shares cover the
 * interval since the previous call, so the first call sends them as null.
 */
export class SystemCollector {
  private previousStat: ProcStat | null = null;

  constructor(private readonly procRoot = '/proc') {}

  async collect(): Promise<SystemCollection> {
    const [statText, meminfoText, loadText, uptimeText, tcp] = await Promise.all([
      readFile(`${this.procRoot}/stat`, 'utf8'),
      readFile(`${this.procRoot}/meminfo`, 'utf8'),
      readFile(`${this.procRoot}/loadavg`, 'utf8'),
      readFile(`${this.procRoot}/uptime`, 'utf8'),
      collectTcpCounts(this.procRoot),
    ]);

    const stat = parseProcStat(statText);
    const previous = this.previousStat;
    this.previousStat = stat;
    const cpu = previous ? computeCpuUsage(previous.total, stat.total) : null;
    const perCore = previous ? computePerCoreUsage(previous.cores, stat.cores) : null;
    const memory = parseMeminfo(meminfoText);
    const load = parseLoadAverage(loadText);

    const metrics: SystemMetricsInput = {
      cpuUsagePercent: cpu?.usagePercent ?? null,
      cpuUserPercent: cpu?.userPercent ?? null,
      cpuSystemPercent: cpu?.systemPercent ?? null,
      cpuIowaitPercent: cpu?.iowaitPercent ?? null,
      cpuStealPercent: cpu?.stealPercent ?? null,
      cpuPerCorePercent: perCore,
      load1m: load?.[0] ?? null,
      load5m: load?.[1] ?? null,
      load15m: load?.[2] ?? null,
      memoryUsedBytes: memory.usedBytes,
      memoryFreeBytes: memory.freeBytes,
      memoryAvailableBytes: memory.availableBytes,
      memoryCachedBytes: memory.cachedBytes,
      memoryBuffersBytes: memory.buffersBytes,
      memoryUsagePercent: memory.usagePercent,
      swapUsedBytes: memory.swapUsedBytes,
      swapFreeBytes: memory.swapFreeBytes,
      swapUsagePercent: memory.swapUsagePercent,
      processesTotal: null,
      processesRunning: stat.procsRunning,
      processesBlocked: stat.procsBlocked,
      processesZombie: null,
      uptimeSeconds: parseUptime(uptimeText),
      tcpConnections: tcp?.total ?? null,
      tcpEstablished: tcp?.established ?? null,
      tcpTimeWait: tcp?.timeWait ?? null,
      tcpCloseWait: tcp?.closeWait ?? null,
    };
    return { metrics, memory, bootTimeSeconds: stat.bootTimeSeconds };
  }
}
