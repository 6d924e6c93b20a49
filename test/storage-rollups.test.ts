import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLLUP_LEVELS, ROLLUP_SERIES, type RollupLevel } from '../src/jobs/rollup-definitions.ts';
import { ROLLUP_PLANNER_SETTINGS, rollUp, rollupStatement } from '../src/jobs/rollups.ts';
import { createMigratedDatabase, insertHost, type MigratedDatabase } from './helpers/migrated-database.ts';

let database: MigratedDatabase;
const [FIVE_MINUTES, ONE_HOUR] = ROLLUP_LEVELS as [RollupLevel, RollupLevel];

beforeAll(async () => {
  database = await createMigratedDatabase('sentinel_storage_rollups');
});
afterAll(async () => {
  await database?.drop();
});

const HOUR_MS = 3_600_000;
// Three hours ago, on an hour boundary: far behind any watermark of these tests.
const hourStart = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 3 * HOUR_MS;
const minute = (offset: number) => new Date(hourStart + offset * 60_000);

type Sample = {
  at: Date;
  cpu: number | null;
  load: number;
  processes: number;
  diskUsage: number;
  readBytes: number;
  bytesSent: number;
  containerCpu: number;
  rxBytes: number;
};

/** Stores one report as ingest would: its id claimed in ingested_reports and its rows. */
async function storeReport(hostId: string, containerId: string, sample: Sample): Promise<void> {
  const pool = database.pool;
  await pool.query('INSERT INTO ingested_reports (report_id, host_id, collected_at) VALUES ($1, $2, $3)', [
    randomUUID(),
    hostId,
    sample.at,
  ]);
  await pool.query(
    `INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent, load_1m, processes_total)
     VALUES ($1, $2, $3, $4, $5)`,
    [hostId, sample.at, sample.cpu, sample.load, sample.processes],
  );
  await pool.query(
    `INSERT INTO disk_metrics (host_id, recorded_at, device, mount_point, usage_percent, read_bytes)
     VALUES ($1, $2, 'sda1', '/', $3, $4)`,
    [hostId, sample.at, sample.diskUsage, sample.readBytes],
  );
  await pool.query(
    `INSERT INTO network_metrics (host_id, recorded_at, interface, bytes_sent) VALUES ($1, $2, 'eth0', $3)`,
    [hostId, sample.at, sample.bytesSent],
  );
  await pool.query(
    `INSERT INTO container_metrics (container_id, host_id, recorded_at, cpu_usage_percent, network_rx_bytes)
     VALUES ($1, $2, $3, $4, $5)`,
    [containerId, hostId, sample.at, sample.containerCpu, sample.rxBytes],
  );
}

async function insertContainer(hostId: string): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    "INSERT INTO containers (host_id, container_id, name) VALUES ($1, 'c1', 'api') RETURNING id",
    [hostId],
  );
  return rows[0]!.id;
}

async function hostRollup(table: string, hostId: string, bucket: Date) {
  const { rows } = await database.pool.query(`SELECT * FROM ${table} WHERE host_id = $1 AND bucket = $2`, [
    hostId,
    bucket,
  ]);
  return rows[0];
}

describe('rollups on plain PostgreSQL', () => {
  it('aggregates raw rows into 5m and 1h buckets', async () => {
    const hostId = await insertHost(database.pool);
    const containerId = await insertContainer(hostId);
    const samples: Sample[] = [
      { at: minute(1), cpu: 10, load: 1, processes: 100, diskUsage: 40, readBytes: 100, bytesSent: 1_000, containerCpu: 5, rxBytes: 10 },
      { at: minute(2), cpu: 30, load: 3, processes: 120, diskUsage: 60, readBytes: 200, bytesSent: 2_000, containerCpu: 15, rxBytes: 20 },
      { at: minute(3), cpu: null, load: 2, processes: 110, diskUsage: 50, readBytes: 0, bytesSent: 0, containerCpu: 10, rxBytes: 0 },
      { at: minute(7), cpu: 50, load: 5, processes: 140, diskUsage: 70, readBytes: 400, bytesSent: 4_000, containerCpu: 25, rxBytes: 40 },
    ];
    for (const sample of samples) await storeReport(hostId, containerId, sample);

    await rollUp(database.pool, FIVE_MINUTES);
    await rollUp(database.pool, ONE_HOUR);

    const first = await hostRollup('host_metrics_5m', hostId, minute(0));
    expect(first).toMatchObject({
      samples: 3,
      cpu_usage_percent_avg: 20,
      cpu_usage_percent_min: 10,
      cpu_usage_percent_max: 30,
      load_1m_avg: 2,
      processes_total_min: 100,
      processes_total_max: 120,
      processes_total_avg: 110,
    });
    expect(await hostRollup('host_metrics_5m', hostId, minute(5))).toMatchObject({ samples: 1, cpu_usage_percent_avg: 50 });

    const hour = await hostRollup('host_metrics_1h', hostId, minute(0));
    expect(hour).toMatchObject({ samples: 4, cpu_usage_percent_avg: 30, cpu_usage_percent_max: 50, load_1m_max: 5 });

    expect(await hostRollup('disk_metrics_5m', hostId, minute(0))).toMatchObject({
      mount_point: '/',
      samples: 3,
      usage_percent_avg: 50,
      usage_percent_min: 40,
      usage_percent_max: 60,
      read_bytes_sum: 300,
    });
    expect(await hostRollup('disk_metrics_1h', hostId, minute(0))).toMatchObject({ samples: 4, read_bytes_sum: 700 });
    expect(await hostRollup('network_metrics_1h', hostId, minute(0))).toMatchObject({
      interface: 'eth0',
      samples: 4,
      bytes_sent_sum: 7_000,
    });
    expect(await hostRollup('container_metrics_5m', hostId, minute(0))).toMatchObject({
      container_id: containerId,
      samples: 3,
      cpu_usage_percent_avg: 10,
      cpu_usage_percent_max: 15,
      network_rx_bytes_sum: 30,
    });
  });

  it('folds a late report into its old bucket', async () => {
    const hostId = await insertHost(database.pool);
    const containerId = await insertContainer(hostId);
    const base = { load: 1, processes: 100, diskUsage: 40, bytesSent: 0, containerCpu: 0, rxBytes: 0 };
    await storeReport(hostId, containerId, { ...base, at: minute(20), cpu: 10, readBytes: 100 });
    await rollUp(database.pool, FIVE_MINUTES);
    await rollUp(database.pool, ONE_HOUR);
    expect(await hostRollup('host_metrics_5m', hostId, minute(20))).toMatchObject({ samples: 1, cpu_usage_percent_max: 10 });

    const { rows } = await database.pool.query<{ up_to: Date }>(
      "SELECT up_to FROM rollup_watermarks WHERE name = 'host_metrics_5m'",
    );
    expect(rows[0]!.up_to.getTime()).toBeGreaterThan(minute(20).getTime());

    // Collected three hours ago, received now: an agent delivering its buffer after an outage.
    await storeReport(hostId, containerId, { ...base, at: minute(22), cpu: 90, readBytes: 500 });
    await rollUp(database.pool, FIVE_MINUTES);
    await rollUp(database.pool, ONE_HOUR);

    expect(await hostRollup('host_metrics_5m', hostId, minute(20))).toMatchObject({
      samples: 2,
      cpu_usage_percent_avg: 50,
      cpu_usage_percent_max: 90,
    });
    expect(await hostRollup('host_metrics_1h', hostId, minute(0))).toMatchObject({ samples: 2, cpu_usage_percent_max: 90 });
    expect(await hostRollup('disk_metrics_5m', hostId, minute(20))).toMatchObject({ samples: 2, read_bytes_sum: 600 });
  });
});

describe('rollups of a long backlog', () => {
  it('rolls up a week by range scans', async () => {
    const hostId = await insertHost(database.pool, { name: 'backlog' });
    // Seven days of samples every 10 s, each recorded as received, as after a first start.
    const days = 7;
    const from = new Date(hourStart - days * 24 * HOUR_MS);
    await database.pool.query(`SELECT sentinel_create_daily_partitions('host_metrics'::regclass, ($1::timestamptz AT TIME ZONE 'UTC')::date, $2)`, [from, days + 2]);
    const series = `generate_series($2::timestamptz, $2::timestamptz + make_interval(days => $3) - interval '10 s', interval '10 s') AS t`;
    await database.pool.query(`INSERT INTO host_metrics (host_id, recorded_at, cpu_usage_percent) SELECT $1, t, 50 FROM ${series}`, [hostId, from, days]);
    await database.pool.query(`INSERT INTO ingested_reports (report_id, host_id, collected_at) SELECT gen_random_uuid(), $1, t FROM ${series}`, [hostId, from, days]);
    await database.pool.query('ANALYZE');

    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(ROLLUP_PLANNER_SETTINGS);
      for (const level of [FIVE_MINUTES, ONE_HOUR]) {
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${rollupStatement(ROLLUP_SERIES[0]!, level)}`, [level.width, null]);
        const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
        expect(plan, plan).toContain('Nested Loop');
        expect(plan, plan).not.toMatch(/Merge Join|Hash Join/);
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }

    // rollUp applies the settings in its transaction, before its rollup statements.
    const statements: string[] = [];
    const query = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      statements.push(text ?? '');
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    try {
      for (const level of [FIVE_MINUTES, ONE_HOUR]) await rollUp(database.pool, level);
    } finally {
      pg.Client.prototype.query = query;
    }
    const firstRollup = statements.findIndex((text) => text.startsWith('-- Roll up'));
    expect(statements.indexOf(ROLLUP_PLANNER_SETTINGS)).toBeGreaterThan(statements.indexOf('BEGIN'));
    expect(statements.indexOf(ROLLUP_PLANNER_SETTINGS)).toBeLessThan(firstRollup);

    for (const suffix of ['5m', '1h']) {
      const { rows } = await database.pool.query<{ samples: number }>(`SELECT sum(samples)::int AS samples FROM host_metrics_${suffix} WHERE host_id = $1`, [hostId]);
      expect(rows[0]!.samples, suffix).toBe(days * 8640);
    }
  });
});
