import type { Pool } from '../db/pool.ts';
import { withTransaction } from '../db/transaction.ts';
import type { Job } from './job.ts';
import { SERIES_RETENTION_DAYS, SERIES_TABLES, seriesStorage, type SeriesTable } from './series-tables.ts';

export const PARTITIONS_INTERVAL_MS = 3_600_000;
export const PARTITION_DAYS_AHEAD = 7;
const DAY_MS = 86_400_000;

/** Formats the UTC day `offsetDays` after the day of `instant` as YYYY-MM-DD. */
export function utcDay(instant: Date, offsetDays = 0): string {
  return new Date(instant.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Makes sure `table` has daily partitions from yesterday to PARTITION_DAYS_AHEAD days
 * ahead, plus one for every day within retention that has rows in the default
 * partition, and moves those rows into it. Returns the days whose partition was made.
 */
export async function ensureDailyPartitions(pool: Pool, table: SeriesTable, now: Date): Promise<string[]> {
  const wanted = new Set<string>();
  for (let offset = -1; offset <= PARTITION_DAYS_AHEAD; offset += 1) wanted.add(utcDay(now, offset));
  for (const day of await daysInDefaultPartition(pool, table, now)) wanted.add(day);

  const existing = await existingPartitionDays(pool, table);
  const missing = [...wanted].filter((day) => !existing.has(day)).sort();
  for (const day of missing) await createPartitionMovingRows(pool, table, day);
  return missing;
}

async function daysInDefaultPartition(pool: Pool, table: SeriesTable, now: Date): Promise<string[]> {
  const retentionStart = new Date(now.getTime() - SERIES_RETENTION_DAYS[table] * DAY_MS);
  const aheadEnd = new Date(`${utcDay(now, PARTITION_DAYS_AHEAD + 1)}T00:00:00Z`);
  const { rows } = await pool.query<{ day: string }>(
    `-- List days held by a default partition
     SELECT DISTINCT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day
     FROM ${table}_default
     WHERE recorded_at >= $1 AND recorded_at < $2`,
    [retentionStart, aheadEnd],
  );
  return rows.map((row) => row.day);
}

async function existingPartitionDays(pool: Pool, table: SeriesTable): Promise<Set<string>> {
  const { rows } = await pool.query<{ day: string }>(
    `-- List daily partitions
     SELECT to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') AS day
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass AND c.relname ~ '_p[0-9]{8}$'`,
    [table],
  );
  return new Set(rows.map((row) => row.day));
}

/**
 * Creates the partition of one UTC day. PostgreSQL rejects a new partition while the
 * default partition contains rows of its range, so those rows are moved out first and
 * back in through the parent, all in one transaction. The whole table is locked first:
 * CREATE TABLE ... PARTITION OF needs that lock on the parent anyway, and taking it
 * before the default partition's keeps the parent-then-partition order that inserts
 * use, so the two cannot deadlock.
 */
async function createPartitionMovingRows(pool: Pool, table: SeriesTable, day: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query(`-- Lock series table\nLOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    await client.query(`-- Create move buffer\nCREATE TEMP TABLE sentinel_partition_move (LIKE ${table}) ON COMMIT DROP`);
    const dayStart = `${day}T00:00:00Z`;
    await client.query(
      `-- Move a day out of the default partition
       WITH moved AS (
         DELETE FROM ${table}_default
         WHERE recorded_at >= $1::timestamptz AND recorded_at < $1::timestamptz + INTERVAL '1 day'
         RETURNING *
       )
       INSERT INTO sentinel_partition_move SELECT * FROM moved`,
      [dayStart],
    );
    await client.query(`-- Create daily partition\nSELECT sentinel_create_daily_partitions($1::regclass, $2::date, 1)`, [
      table,
      day,
    ]);
    await client.query(`-- Put moved rows back\nINSERT INTO ${table} SELECT * FROM sentinel_partition_move`);
  });
}

/** Keeps daily partitions made ahead; on TimescaleDB, hypertables make their own chunks. */
export const partitionsJob: Job = {
  name: 'partitions',
  intervalMs: PARTITIONS_INTERVAL_MS,
  async run({ pool, logger }) {
    if ((await seriesStorage(pool)) !== 'partitioned') return;
    const now = new Date();
    for (const table of SERIES_TABLES) {
      const created = await ensureDailyPartitions(pool, table, now);
      if (created.length > 0) logger.info({ table, days: created }, 'Created daily partitions');
    }
  },
};
