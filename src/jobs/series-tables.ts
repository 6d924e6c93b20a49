import type { Pool } from '../db/pool.ts';

/**
 * Raw series tables with their retention in days. The TimescaleDB retention policies
 * in migrations-sql/0022 use the same periods.
 */
export const SERIES_RETENTION_DAYS = {
  host_metrics: 30,
  disk_metrics: 30,
  network_metrics: 30,
  process_snapshots: 7,
  container_metrics: 14,
} as const;

export type SeriesTable = keyof typeof SERIES_RETENTION_DAYS;
export const SERIES_TABLES = Object.keys(SERIES_RETENTION_DAYS) as SeriesTable[];

// ingested_reports deduplicates retried reports and tells the rollups which buckets late
// reports touched. A report older than every raw series has no rows left to protect.
export const INGESTED_REPORTS_RETENTION_DAYS = Math.max(...Object.values(SERIES_RETENTION_DAYS));

export type SeriesStorage = 'partitioned' | 'hypertable';

/**
 * Reads how migration 0001 stored the series tables: natively partitioned on plain
 * PostgreSQL, hypertables with TimescaleDB.
 */
export async function seriesStorage(pool: Pool): Promise<SeriesStorage> {
  const { rows } = await pool.query<{ relkind: string }>(
    `-- Read series storage kind
     SELECT relkind FROM pg_class WHERE oid = 'host_metrics'::regclass`,
  );
  return rows[0]?.relkind === 'p' ? 'partitioned' : 'hypertable';
}
