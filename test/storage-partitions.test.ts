import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDailyPartitions, PARTITION_DAYS_AHEAD, utcDay } from '../src/jobs/partitions.ts';
import { dropExpiredPartitions } from '../src/jobs/retention.ts';
import { createMigratedDatabase, type MigratedDatabase } from './helpers/migrated-database.ts';

let database: MigratedDatabase;

beforeAll(async () => {
  database = await createMigratedDatabase('sentinel_storage_partitions');
});
afterAll(async () => {
  await database?.drop();
});

const DAY_MS = 86_400_000;

async function partitionsOf(table: string): Promise<string[]> {
  const { rows } = await database.pool.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass ORDER BY 1`,
    [table],
  );
  return rows.map((row) => row.name);
}

async function partitionHolding(table: string, hostId: string): Promise<string[]> {
  const { rows } = await database.pool.query<{ partition: string }>(
    `SELECT tableoid::regclass::text AS partition FROM ${table} WHERE host_id = $1 ORDER BY recorded_at`,
    [hostId],
  );
  return rows.map((row) => row.partition);
}

const compact = (day: string) => day.replaceAll('-', '');

describe('partition upkeep', () => {
  it('creates daily partitions ahead', async () => {
    const now = new Date();
    // Seen from ten days on, the partitions made by the migration are not far enough ahead.
    const later = new Date(now.getTime() + 10 * DAY_MS);

    const created = await ensureDailyPartitions(database.pool, 'network_metrics', later);

    const names = await partitionsOf('network_metrics');
    for (let offset = -1; offset <= PARTITION_DAYS_AHEAD; offset += 1) {
      expect(names).toContain(`network_metrics_p${compact(utcDay(later, offset))}`);
    }
    expect(created).toContain(utcDay(later, PARTITION_DAYS_AHEAD));
    expect(await ensureDailyPartitions(database.pool, 'network_metrics', later)).toEqual([]);
  });

  it('moves default-partition rows into a new partition', async () => {
    const now = new Date();
    const hostId = randomUUID();
    const dayAhead = utcDay(now, PARTITION_DAYS_AHEAD + 2);
    const instants = [new Date(`${dayAhead}T01:00:00Z`), new Date(`${dayAhead}T23:59:59Z`)];
    for (const [index, recordedAt] of instants.entries()) {
      await database.pool.query(
        'INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent) VALUES ($1, $2, $3)',
        [hostId, recordedAt, 10 + index],
      );
    }
    expect(await partitionHolding('host_metrics', hostId)).toEqual(['host_metrics_default', 'host_metrics_default']);

    // From two days later, that day is within the days kept ahead.
    const created = await ensureDailyPartitions(database.pool, 'host_metrics', new Date(now.getTime() + 2 * DAY_MS));

    expect(created).toContain(dayAhead);
    const partition = `host_metrics_p${compact(dayAhead)}`;
    expect(await partitionHolding('host_metrics', hostId)).toEqual([partition, partition]);
    const { rows } = await database.pool.query<{ cpu: number }>(
      'SELECT cpu_usage_percent AS cpu FROM host_metrics WHERE host_id = $1 ORDER BY recorded_at',
      [hostId],
    );
    expect(rows.map((row) => row.cpu)).toEqual([10, 11]);
  });

  it('makes a partition for a past day with default rows', async () => {
    const now = new Date();
    const hostId = randomUUID();
    const pastDay = utcDay(now, -5);
    await database.pool.query(
      "INSERT INTO disk_metrics (host_id, recorded_at, device, mount_point) VALUES ($1, $2, 'sda1', '/')",
      [hostId, new Date(`${pastDay}T12:00:00Z`)],
    );

    await ensureDailyPartitions(database.pool, 'disk_metrics', now);

    expect(await partitionHolding('disk_metrics', hostId)).toEqual([`disk_metrics_p${compact(pastDay)}`]);
  });
});

describe('retention on partitions', () => {
  it('drops expired partitions and keeps recent ones', async () => {
    const now = new Date();
    const hostId = randomUUID();
    const expiredDay = utcDay(now, -40);
    const keptDay = utcDay(now, -20);
    await database.pool.query("SELECT sentinel_create_daily_partitions('host_metrics', $1::date, 1)", [expiredDay]);
    await database.pool.query("SELECT sentinel_create_daily_partitions('host_metrics', $1::date, 1)", [keptDay]);
    const expiredInDefault = new Date(now.getTime() - 35 * DAY_MS);
    for (const recordedAt of [new Date(`${expiredDay}T06:00:00Z`), new Date(`${keptDay}T06:00:00Z`), expiredInDefault]) {
      await database.pool.query('INSERT INTO host_metrics (host_id, recorded_at) VALUES ($1, $2)', [hostId, recordedAt]);
    }

    const result = await dropExpiredPartitions(database.pool, 'host_metrics', new Date(now.getTime() - 30 * DAY_MS));

    expect(result.droppedPartitions).toEqual([`host_metrics_p${compact(expiredDay)}`]);
    expect(result.deletedRows).toBe(1);
    const names = await partitionsOf('host_metrics');
    expect(names).not.toContain(`host_metrics_p${compact(expiredDay)}`);
    expect(names).toContain(`host_metrics_p${compact(keptDay)}`);
    expect(names).toContain(`host_metrics_p${compact(utcDay(now))}`);
    expect(await partitionHolding('host_metrics', hostId)).toEqual([`host_metrics_p${compact(keptDay)}`]);
  });
});
