// The rollup contract that series queries rely on; docs/rollups.md describes it and
// migrations-sql/0021 (tables) and 0022 (TimescaleDB continuous aggregates) declare
// the same columns.

/** A raw series table and the columns its rollups aggregate. */
export type RollupSeries = {
  table: 'host_metrics' | 'disk_metrics' | 'network_metrics' | 'container_metrics';
  // Columns that identify one series, besides the bucket. Rollup rows are unique on
  // uniqueKey plus bucket.
  key: string[];
  uniqueKey: string[];
  // Columns rolled up as `<column>_avg`, `<column>_min` and `<column>_max`.
  gauges: string[];
  // Per-interval deltas, rolled up as `<column>_sum`.
  deltas: string[];
};

export type RollupLevel = { suffix: '5m' | '1h'; width: string; retentionDays: number };

export const ROLLUP_SERIES: readonly RollupSeries[] = [
  {
    table: 'host_metrics',
    key: ['host_id'],
    uniqueKey: ['host_id'],
    gauges: [
      'cpu_usage_percent',
      'memory_usage_percent',
      'swap_usage_percent',
      'load_1m',
      'load_5m',
      'load_15m',
      'processes_total',
    ],
    deltas: [],
  },
  {
    table: 'disk_metrics',
    key: ['host_id', 'mount_point'],
    uniqueKey: ['host_id', 'mount_point'],
    gauges: ['usage_percent', 'inodes_usage_percent', 'io_time_percent'],
    deltas: ['read_bytes', 'write_bytes', 'read_ops', 'write_ops'],
  },
  {
    table: 'network_metrics',
    key: ['host_id', 'interface'],
    uniqueKey: ['host_id', 'interface'],
    gauges: [],
    deltas: [
      'bytes_sent',
      'bytes_received',
      'packets_sent',
      'packets_received',
      'errors_in',
      'errors_out',
      'drops_in',
      'drops_out',
    ],
  },
  {
    // containers.id is unique across hosts, so host_id rides along without being part
    // of the unique key.
    table: 'container_metrics',
    key: ['container_id', 'host_id'],
    uniqueKey: ['container_id'],
    gauges: ['cpu_usage_percent', 'memory_usage_percent', 'memory_used_bytes'],
    deltas: ['network_rx_bytes', 'network_tx_bytes', 'block_read_bytes', 'block_write_bytes'],
  },
];

// Retention matches the TimescaleDB retention policies on the continuous aggregates.
export const ROLLUP_LEVELS: readonly RollupLevel[] = [
  { suffix: '5m', width: '5 minutes', retentionDays: 90 },
  { suffix: '1h', width: '1 hour', retentionDays: 730 },
];

// Buckets start at multiples of the width from this instant, which is TimescaleDB's
// default time_bucket origin for timestamptz (a Monday), so both backends bucket alike.
export const BUCKET_ORIGIN = '2000-01-03 00:00:00+00';

export function rollupTableName(series: RollupSeries, level: RollupLevel): string {
  return `${series.table}_${level.suffix}`;
}
