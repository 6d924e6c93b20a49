/**
 * Every metric a series can be read for: the table family that stores it, the columns
 * whose values it adds up and whether those columns are gauges or deltas.
 *
 * Gauges (percentages, loads, counts) are averaged, and their buckets carry min and max.
 * Deltas (bytes, errors) are amounts over each report's interval, so their buckets carry
 * the sum and the mean per report; rollups keep only sums of deltas, so min and max stay
 * null for them on every path.
 */
export type SeriesSource = 'host' | 'disk' | 'network' | 'container';
export type SeriesKind = 'gauge' | 'delta';
export type SeriesMetricDefinition = { source: SeriesSource; kind: SeriesKind; columns: readonly string[] };

export const SERIES_METRICS = {
  CPU: { source: 'host', kind: 'gauge', columns: ['cpu_usage_percent'] },
  MEMORY: { source: 'host', kind: 'gauge', columns: ['memory_usage_percent'] },
  SWAP: { source: 'host', kind: 'gauge', columns: ['swap_usage_percent'] },
  LOAD_1M: { source: 'host', kind: 'gauge', columns: ['load_1m'] },
  LOAD_5M: { source: 'host', kind: 'gauge', columns: ['load_5m'] },
  LOAD_15M: { source: 'host', kind: 'gauge', columns: ['load_15m'] },
  PROCESSES: { source: 'host', kind: 'gauge', columns: ['processes_total'] },
  DISK_USAGE: { source: 'disk', kind: 'gauge', columns: ['usage_percent'] },
  DISK_INODES: { source: 'disk', kind: 'gauge', columns: ['inodes_usage_percent'] },
  DISK_READ_BYTES: { source: 'disk', kind: 'delta', columns: ['read_bytes'] },
  DISK_WRITE_BYTES: { source: 'disk', kind: 'delta', columns: ['write_bytes'] },
  NETWORK_RX_BYTES: { source: 'network', kind: 'delta', columns: ['bytes_received'] },
  NETWORK_TX_BYTES: { source: 'network', kind: 'delta', columns: ['bytes_sent'] },
  NETWORK_ERRORS: { source: 'network', kind: 'delta', columns: ['errors_in', 'errors_out'] },
  CONTAINER_CPU: { source: 'container', kind: 'gauge', columns: ['cpu_usage_percent'] },
  CONTAINER_MEMORY: { source: 'container', kind: 'gauge', columns: ['memory_usage_percent'] },
  CONTAINER_MEMORY_BYTES: { source: 'container', kind: 'gauge', columns: ['memory_used_bytes'] },
  CONTAINER_NETWORK_RX_BYTES: { source: 'container', kind: 'delta', columns: ['network_rx_bytes'] },
  CONTAINER_NETWORK_TX_BYTES: { source: 'container', kind: 'delta', columns: ['network_tx_bytes'] },
} as const satisfies Record<string, SeriesMetricDefinition>;

export type SeriesMetric = keyof typeof SERIES_METRICS;
export const SERIES_METRIC_NAMES = Object.keys(SERIES_METRICS) as SeriesMetric[];

/** Raw table and rollup tables of each source, and the columns that pick one series in them. */
export const SERIES_TABLES: Record<SeriesSource, { raw: string; rollupPrefix: string; keyColumns: readonly string[] }> = {
  host: { raw: 'host_metrics', rollupPrefix: 'host_metrics', keyColumns: ['host_id'] },
  disk: { raw: 'disk_metrics', rollupPrefix: 'disk_metrics', keyColumns: ['host_id', 'mount_point'] },
  network: { raw: 'network_metrics', rollupPrefix: 'network_metrics', keyColumns: ['host_id', 'interface'] },
  container: { raw: 'container_metrics', rollupPrefix: 'container_metrics', keyColumns: ['container_id'] },
};
