import type { Pool } from '../db/pool.ts';
import type { Job } from './job.ts';
import { ROLLUP_LEVELS, ROLLUP_SERIES, rollupTableName } from './rollup-definitions.ts';
import {
  INGESTED_REPORTS_RETENTION_DAYS,
  SERIES_RETENTION_DAYS,
  SERIES_TABLES,
  seriesStorage,
  type SeriesTable,
} from './series-tables.ts';

export const RETENTION_INTERVAL_MS = 3_600_000;
const DAY_MS = 86_400_000;
// Rows deleted per statement, so that one run never holds locks on millions of rows.
const DELETE_BATCH_ROWS = 10_000;

export type RetentionResult = { droppedPartitions: string[]; deletedRows: number };

/**
 * Drops the daily partitions of `table` that end at or before `cutoff` and deletes the
 * default partition's rows older than `cutoff`.
 */
export async function dropExpiredPartitions(pool: Pool, table: SeriesTable, cutoff: Date): Promise<RetentionResult> {
  const { rows } = await pool.query<{ name: string }>(
    `-- List expired daily partitions
     SELECT c.relname AS name
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND c.relname ~ '_p[0-9]{8}$'
       AND (to_date(right(c.relname, 8), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= $2
     ORDER BY c.relname`,
    [table, cutoff],
  );
  for (const { name } of rows) {
    await pool.query(`-- Drop expired partition\nDROP TABLE ${quoteIdentifier(name)}`);
  }
  const deletedRows = await deleteInBatches(pool, `${table}_default`, 'recorded_at', cutoff);
  return { droppedPartitions: rows.map((row) => row.name), deletedRows };
}

/** Deletes rows of `table` whose `column` is before `cutoff`, a batch per statement. */
export async function deleteInBatches(pool: Pool, table: string, column: string, cutoff: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `-- Delete expired rows
       DELETE FROM ${table} WHERE ctid = ANY (ARRAY(
         SELECT ctid FROM ${table} WHERE ${column} < $1 LIMIT ${DELETE_BATCH_ROWS}
       ))`,
      [cutoff],
    );
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < DELETE_BATCH_ROWS) return total;
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * Applies retention. On plain PostgreSQL it drops expired partitions and deletes
 * expired rollup rows; TimescaleDB does both through the policies of migration 0022.
 * ingested_reports is an ordinary table on both.
 */
export const retentionJob: Job = {
  name: 'retention',
  intervalMs: RETENTION_INTERVAL_MS,
  async run({ pool, logger }) {
    const now = new Date();
    if ((await seriesStorage(pool)) === 'partitioned') {
      for (const table of SERIES_TABLES) {
        const result = await dropExpiredPartitions(pool, table, daysBefore(now, SERIES_RETENTION_DAYS[table]));
        if (result.droppedPartitions.length > 0 || result.deletedRows > 0) logger.info({ table, ...result }, 'Applied retention');
      }
      for (const level of ROLLUP_LEVELS) {
        for (const series of ROLLUP_SERIES) {
          const table = rollupTableName(series, level);
          const deletedRows = await deleteInBatches(pool, table, 'bucket', daysBefore(now, level.retentionDays));
          if (deletedRows > 0) logger.info({ table, deletedRows }, 'Applied retention');
        }
      }
    }

    const cutoff = daysBefore(now, INGESTED_REPORTS_RETENTION_DAYS);
    const deletedReports = await deleteInBatches(pool, 'ingested_reports', 'received_at', cutoff);
    if (deletedReports > 0) logger.info({ table: 'ingested_reports', deletedRows: deletedReports }, 'Applied retention');
  },
};
