import type pg from 'pg';
import { z } from 'zod';
import { BUCKET_ORIGIN } from './periods.ts';
import { SERIES_TABLES, type SeriesMetricDefinition } from './series-metrics.ts';

const seriesPointSchema = z.object({
  bucket: z.date(),
  avg: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  sum: z.number().nullable(),
  samples: z.number().int(),
});
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

/** Series to read: the metric, the values of its key columns, and the bucketed window. */
export type SeriesRequest = {
  definition: SeriesMetricDefinition;
  key: readonly string[];
  from: Date;
  to: Date;
  intervalSeconds: number;
};

export type RollupWidth = '5m' | '1h';

/** Reads a series from raw samples. Identifiers come from SERIES_METRICS only, never from input. */
export async function querySeriesRaw(pool: pg.Pool, request: SeriesRequest): Promise<SeriesPoint[]> {
  const { definition } = request;
  const table = SERIES_TABLES[definition.source];
  const aggregates =
    definition.kind === 'gauge'
      ? gaugeRaw(definition.columns[0]!)
      : deltaAggregates(definition.columns.map((column) => `sum(${column})`).join(' + '), 'count(*)');
  const { keyFilter, params } = keyParameters(table.keyColumns, request);

  const { rows } = await pool.query(
    `-- Series from raw samples
     SELECT date_bin(make_interval(secs => $1), recorded_at, $2::timestamptz) AS bucket,
            ${aggregates},
            count(*)::int AS samples
     FROM ${table.raw}
     WHERE ${keyFilter} AND recorded_at >= $3 AND recorded_at < $4
     GROUP BY 1
     ORDER BY 1`,
    params,
  );
  return rows.map((row) => seriesPointSchema.parse(row));
}

/**
 * Reads a series from a rollup table, re-bucketed to the request's interval. Averages
 * are weighted by each rollup bucket's sample count, with the min of mins, the max of
 * maxes and the sum of sums, so the numbers equal those computed from the raw samples.
 */
export async function querySeriesRollup(pool: pg.Pool, request: SeriesRequest, width: RollupWidth): Promise<SeriesPoint[]> {
  const { definition } = request;
  const table = SERIES_TABLES[definition.source];
  const aggregates =
    definition.kind === 'gauge'
      ? gaugeRollup(definition.columns[0]!)
      : deltaAggregates(definition.columns.map((column) => `sum(${column}_sum)`).join(' + '), 'sum(samples)');
  const { keyFilter, params } = keyParameters(table.keyColumns, request);

  const { rows } = await pool.query(
    `-- Series from rollup buckets
     SELECT date_bin(make_interval(secs => $1), bucket, $2::timestamptz) AS bucket,
            ${aggregates},
            sum(samples)::int AS samples
     FROM ${table.rollupPrefix}_${width}
     WHERE ${keyFilter} AND bucket >= $3 AND bucket < $4
     GROUP BY 1
     ORDER BY 1`,
    params,
  );
  return rows.map((row) => seriesPointSchema.parse(row));
}

function gaugeRaw(column: string): string {
  return `avg(${column})::float8 AS avg, min(${column})::float8 AS min, max(${column})::float8 AS max, NULL::float8 AS sum`;
}

function gaugeRollup(column: string): string {
  const weighted = `sum(${column}_avg * samples) / nullif(sum(samples) FILTER (WHERE ${column}_avg IS NOT NULL), 0)`;
  return `(${weighted})::float8 AS avg, min(${column}_min)::float8 AS min, max(${column}_max)::float8 AS max, NULL::float8 AS sum`;
}

function deltaAggregates(total: string, samples: string): string {
  return `((${total}) / nullif(${samples}, 0))::float8 AS avg, NULL::float8 AS min, NULL::float8 AS max, (${total})::float8 AS sum`;
}

function keyParameters(keyColumns: readonly string[], request: SeriesRequest) {
  const keyFilter = keyColumns.map((column, index) => `${column} = $${index + 5}`).join(' AND ');
  const params = [request.intervalSeconds, BUCKET_ORIGIN, request.from, request.to, ...request.key];
  return { keyFilter, params };
}
