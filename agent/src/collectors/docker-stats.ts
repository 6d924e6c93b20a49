import { counterDelta, percentOf, roundPercent } from '../counters.ts';
import type { ContainerStatsInput } from '../generated/graphql.ts';
import type { ContainerStats } from './docker-schema.ts';

/** Cumulative container counters kept from one cycle to the next. */
export type ContainerCounters = {
  networkRxBytes: number | null;
  networkTxBytes: number | null;
  networkRxPackets: number | null;
  networkTxPackets: number | null;
  blockReadBytes: number | null;
  blockWriteBytes: number | null;
  cpuThrottledPeriods: number | null;
  cpuThrottledTimeNs: number | null;
};

/** GraphQL Int is 32-bit signed; an unlimited pids limit shows as 0 or 2^64 - 1. */
const MAX_GRAPHQL_INT = 2 ** 31 - 1;

/**
 * CPU share from the engine's own two samples (cpu_stats and precpu_stats), where
 * 100 is one full CPU. Null when the engine had no previous sample yet.
 */
export function computeContainerCpuPercent(stats: ContainerStats): number | null {
  const current = stats.cpu_stats;
  const previous = stats.precpu_stats;
  const usageDelta = counterDelta(previous?.cpu_usage?.total_usage, current?.cpu_usage?.total_usage);
  const systemDelta = counterDelta(previous?.system_cpu_usage, current?.system_cpu_usage);
  if (!previous?.cpu_usage?.total_usage || usageDelta === null || !systemDelta) {
    return null;
  }
  const onlineCpus = current?.online_cpus || current?.cpu_usage?.percpu_usage?.length || 1;
  return roundPercent((usageDelta / systemDelta) * onlineCpus * 100, 0, onlineCpus * 100);
}

/** Reads the cumulative counters from one stats response. */
export function readContainerCounters(stats: ContainerStats): ContainerCounters {
  const networks = stats.networks ? Object.values(stats.networks) : null;
  const sumNetwork = (key: 'rx_bytes' | 'tx_bytes' | 'rx_packets' | 'tx_packets'): number | null =>
    networks === null || networks.length === 0
      ? null
      : networks.reduce((sum, network) => sum + (network[key] ?? 0), 0);

  const blkio = stats.blkio_stats?.io_service_bytes_recursive ?? null;
  const sumBlock = (op: string): number | null =>
    blkio === null
      ? null
      : blkio.filter((entry) => entry.op.toLowerCase() === op).reduce((sum, entry) => sum + entry.value, 0);

  const throttling = stats.cpu_stats?.throttling_data;
  return {
    networkRxBytes: sumNetwork('rx_bytes'),
    networkTxBytes: sumNetwork('tx_bytes'),
    networkRxPackets: sumNetwork('rx_packets'),
    networkTxPackets: sumNetwork('tx_packets'),
    blockReadBytes: sumBlock('read'),
    blockWriteBytes: sumBlock('write'),
    cpuThrottledPeriods: throttling?.throttled_periods ?? null,
    cpuThrottledTimeNs: throttling?.throttled_time ?? null,
  };
}

/**
 * Builds the stats of one running container. Memory used excludes the inactive file
 * cache, as `docker stats` does: cgroup v2 reports it as inactive_file, cgroup v1 as
 * total_inactive_file. Counters are deltas against `previous`, the same container's
 * counters from the previous cycle (undefined on its first cycle).
 */
export function buildContainerStats(
  stats: ContainerStats,
  current: ContainerCounters,
  previous: ContainerCounters | undefined,
): ContainerStatsInput {
  const memory = stats.memory_stats;
  const breakdown = memory?.stats ?? {};
  const inactiveFile = breakdown['inactive_file'] ?? breakdown['total_inactive_file'];
  const usage = memory?.usage;
  const memoryUsedBytes = usage === undefined ? null : Math.max(0, usage - (inactiveFile ?? 0));
  const memoryLimitBytes = memory?.limit || null;
  const delta = (key: keyof ContainerCounters): number | null => counterDelta(previous?.[key], current[key]);

  return {
    cpuUsagePercent: computeContainerCpuPercent(stats),
    cpuThrottledPeriods: delta('cpuThrottledPeriods'),
    cpuThrottledTimeNs: delta('cpuThrottledTimeNs'),
    memoryUsedBytes,
    memoryLimitBytes,
    memoryUsagePercent: percentOf(memoryUsedBytes, memoryLimitBytes),
    memoryCacheBytes: breakdown['cache'] ?? breakdown['file'] ?? null,
    memoryRssBytes: breakdown['rss'] ?? breakdown['total_rss'] ?? breakdown['anon'] ?? null,
    networkRxBytes: delta('networkRxBytes'),
    networkTxBytes: delta('networkTxBytes'),
    networkRxPackets: delta('networkRxPackets'),
    networkTxPackets: delta('networkTxPackets'),
    blockReadBytes: delta('blockReadBytes'),
    blockWriteBytes: delta('blockWriteBytes'),
    pidsCurrent: toGraphqlInt(stats.pids_stats?.current, 0),
    pidsLimit: toGraphqlInt(stats.pids_stats?.limit, 1),
  };
}

function toGraphqlInt(value: number | undefined, min: number): number | null {
  return value !== undefined && value >= min && value <= MAX_GRAPHQL_INT ? value : null;
}
