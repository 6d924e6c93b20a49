import { HOST_METRIC_COLUMNS } from './host-metric-columns.ts';
import type { ContainerStats, DiskMetrics, NetworkInterfaceMetrics, ProcessSample } from './report-types.ts';

// Columns of each series table filled from a report, in table order, with the report
// field each comes from. The latest tables have the same columns.

export const DISK_METRIC_COLUMNS = [
  ['device', 'device'],
  ['mount_point', 'mountPoint'],
  ['filesystem', 'filesystem'],
  ['read_only', 'readOnly'],
  ['total_bytes', 'totalBytes'],
  ['used_bytes', 'usedBytes'],
  ['free_bytes', 'freeBytes'],
  ['usage_percent', 'usagePercent'],
  ['inodes_total', 'inodesTotal'],
  ['inodes_used', 'inodesUsed'],
  ['inodes_free', 'inodesFree'],
  ['inodes_usage_percent', 'inodesUsagePercent'],
  ['read_bytes', 'readBytes'],
  ['write_bytes', 'writeBytes'],
  ['read_ops', 'readOps'],
  ['write_ops', 'writeOps'],
  ['io_time_percent', 'ioTimePercent'],
] as const satisfies readonly (readonly [string, keyof DiskMetrics])[];

export const NETWORK_METRIC_COLUMNS = [
  ['interface', 'name'],
  ['bytes_sent', 'bytesSent'],
  ['bytes_received', 'bytesReceived'],
  ['packets_sent', 'packetsSent'],
  ['packets_received', 'packetsReceived'],
  ['errors_in', 'errorsIn'],
  ['errors_out', 'errorsOut'],
  ['drops_in', 'dropsIn'],
  ['drops_out', 'dropsOut'],
] as const satisfies readonly (readonly [string, keyof NetworkInterfaceMetrics])[];

export const PROCESS_SNAPSHOT_COLUMNS = [
  ['pid', 'pid'],
  ['ppid', 'ppid'],
  ['name', 'name'],
  ['command', 'command'],
  ['user_name', 'user'],
  ['state', 'state'],
  ['cpu_percent', 'cpuPercent'],
  ['memory_percent', 'memoryPercent'],
  ['memory_rss_bytes', 'memoryRssBytes'],
  ['memory_vms_bytes', 'memoryVmsBytes'],
  ['io_read_bytes', 'ioReadBytes'],
  ['io_write_bytes', 'ioWriteBytes'],
  ['threads_count', 'threadsCount'],
  ['fd_count', 'fdCount'],
  ['cpu_time_ms', 'cpuTimeMs'],
  ['started_at', 'startedAt'],
] as const satisfies readonly (readonly [string, keyof ProcessSample])[];

export const CONTAINER_METRIC_COLUMNS = [
  ['cpu_usage_percent', 'cpuUsagePercent'],
  ['cpu_throttled_periods', 'cpuThrottledPeriods'],
  ['cpu_throttled_time_ns', 'cpuThrottledTimeNs'],
  ['memory_used_bytes', 'memoryUsedBytes'],
  ['memory_limit_bytes', 'memoryLimitBytes'],
  ['memory_usage_percent', 'memoryUsagePercent'],
  ['memory_cache_bytes', 'memoryCacheBytes'],
  ['memory_rss_bytes', 'memoryRssBytes'],
  ['network_rx_bytes', 'networkRxBytes'],
  ['network_tx_bytes', 'networkTxBytes'],
  ['network_rx_packets', 'networkRxPackets'],
  ['network_tx_packets', 'networkTxPackets'],
  ['block_read_bytes', 'blockReadBytes'],
  ['block_write_bytes', 'blockWriteBytes'],
  ['pids_current', 'pidsCurrent'],
  ['pids_limit', 'pidsLimit'],
] as const satisfies readonly (readonly [string, keyof ContainerStats])[];

/** The column names of a column map. */
export function columnNames(columns: readonly (readonly [string, string])[]): string[] {
  return columns.map(([column]) => column);
}

/** Each series table with its COPY columns and the part of SeriesRows (batch-rows.ts) it takes. */
export const SERIES_TABLES = [
  ['host_metrics', ['host_id', 'recorded_at', ...columnNames(HOST_METRIC_COLUMNS)], 'host'],
  ['disk_metrics', ['host_id', 'recorded_at', ...columnNames(DISK_METRIC_COLUMNS)], 'disk'],
  ['network_metrics', ['host_id', 'recorded_at', ...columnNames(NETWORK_METRIC_COLUMNS)], 'network'],
  ['process_snapshots', ['host_id', 'recorded_at', ...columnNames(PROCESS_SNAPSHOT_COLUMNS)], 'process'],
  ['container_metrics', ['container_id', 'host_id', 'recorded_at', ...columnNames(CONTAINER_METRIC_COLUMNS)], 'container'],
] as const;
