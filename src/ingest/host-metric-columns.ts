import type { SystemMetrics } from './report-types.ts';

// Columns of host_metrics (and host_latest) filled from a report's `system` part, in
// table order, with the report field each comes from.
export const HOST_METRIC_COLUMNS = [
  ['cpu_usage_percent', 'cpuUsagePercent'],
  ['cpu_user_percent', 'cpuUserPercent'],
  ['cpu_system_percent', 'cpuSystemPercent'],
  ['cpu_iowait_percent', 'cpuIowaitPercent'],
  ['cpu_steal_percent', 'cpuStealPercent'],
  ['cpu_per_core_percent', 'cpuPerCorePercent'],
  ['load_1m', 'load1m'],
  ['load_5m', 'load5m'],
  ['load_15m', 'load15m'],
  ['memory_used_bytes', 'memoryUsedBytes'],
  ['memory_free_bytes', 'memoryFreeBytes'],
  ['memory_available_bytes', 'memoryAvailableBytes'],
  ['memory_cached_bytes', 'memoryCachedBytes'],
  ['memory_buffers_bytes', 'memoryBuffersBytes'],
  ['memory_usage_percent', 'memoryUsagePercent'],
  ['swap_used_bytes', 'swapUsedBytes'],
  ['swap_free_bytes', 'swapFreeBytes'],
  ['swap_usage_percent', 'swapUsagePercent'],
  ['processes_total', 'processesTotal'],
  ['processes_running', 'processesRunning'],
  ['processes_blocked', 'processesBlocked'],
  ['processes_zombie', 'processesZombie'],
  ['tcp_connections', 'tcpConnections'],
  ['tcp_established', 'tcpEstablished'],
  ['tcp_time_wait', 'tcpTimeWait'],
  ['tcp_close_wait', 'tcpCloseWait'],
  ['uptime_seconds', 'uptimeSeconds'],
] as const satisfies readonly (readonly [string, keyof SystemMetrics])[];

/** Builds the host_metrics row of one sample, keyed by column name, unknown values as null. */
export function hostMetricRow(hostId: string, recordedAt: Date, system: SystemMetrics): Record<string, unknown> {
  const row: Record<string, unknown> = { host_id: hostId, recorded_at: recordedAt.toISOString() };
  for (const [column, field] of HOST_METRIC_COLUMNS) row[column] = system[field] ?? null;
  return row;
}
