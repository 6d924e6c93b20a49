import type pg from 'pg';

export type SeriesPoint = { bucket: Date; avg: number | null; min: number | null; max: number | null; samples: number };

// Buckets are aligned on 2000-01-03 00:00 UTC, the origin TimescaleDB's time_bucket
// uses for widths under a month, so both backends cut the same buckets.
const BUCKET_ORIGIN = '2000-01-03T00:00:00Z';

// Column names may not be bound as parameters, so only these reach the SQL text.
export const HOST_SERIES_COLUMNS = {
  cpu: 'cpu_usage_percent',
  memory: 'memory_usage_percent',
  swap: 'swap_usage_percent',
  load1m: 'load_1m',
  load5m: 'load_5m',
  load15m: 'load_15m',
  processes: 'processes_total',
} as const;
export type HostSeriesMetric = keyof typeof HOST_SERIES_COLUMNS;

/** Reads one host metric as time buckets with avg, min and max, oldest first. */
export async function queryHostSeries(
  pool: pg.Pool,
  hostId: string,
  metric: HostSeriesMetric,
  from: Date,
  to: Date,
  intervalSeconds: number,
): Promise<SeriesPoint[]> {
  const column = HOST_SERIES_COLUMNS[metric];
  const { rows } = await pool.query<SeriesPoint>(
    `-- Host series from raw samples
     SELECT date_bin(make_interval(secs => $4), recorded_at, $5::timestamptz) AS bucket,
            avg(${column})::float8 AS avg, min(${column})::float8 AS min, max(${column})::float8 AS max,
            count(${column})::int AS samples
     FROM host_metrics
     WHERE host_id = $1 AND recorded_at >= $2 AND recorded_at < $3
     GROUP BY bucket
     ORDER BY bucket`,
    [hostId, from, to, intervalSeconds, BUCKET_ORIGIN],
  );
  return rows;
}
