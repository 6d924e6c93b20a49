import type pg from 'pg';
import { HOST_METRIC_COLUMNS } from './host-metric-columns.ts';
import { columnNames, CONTAINER_METRIC_COLUMNS, DISK_METRIC_COLUMNS, NETWORK_METRIC_COLUMNS } from './series-columns.ts';

export type LatestRecord = Record<string, unknown>;

/** Rows for the latest tables, at most one per key, keyed by column name. */
export type LatestRows = {
  host: LatestRecord[];
  disk: LatestRecord[];
  network: LatestRecord[];
  container: LatestRecord[];
  // Per host, the time of its newest report with disks or interfaces: rows of mounts or
  // interfaces older than that are gone from the host and are deleted.
  diskReportTimes: { host_id: string; recorded_at: Date }[];
  networkReportTimes: { host_id: string; recorded_at: Date }[];
};

type LatestTable = { table: string; key: string[]; columns: string[] };

const HOST_LATEST: LatestTable = {
  table: 'host_latest',
  key: ['host_id'],
  columns: ['recorded_at', ...columnNames(HOST_METRIC_COLUMNS), 'disk_max_usage_percent'],
};
const DISK_LATEST: LatestTable = {
  table: 'disk_latest',
  key: ['host_id', 'mount_point'],
  columns: ['recorded_at', ...columnNames(DISK_METRIC_COLUMNS).filter((column) => column !== 'mount_point')],
};
const NETWORK_LATEST: LatestTable = {
  table: 'network_latest',
  key: ['host_id', 'interface'],
  columns: ['recorded_at', ...columnNames(NETWORK_METRIC_COLUMNS).filter((column) => column !== 'interface')],
};
const CONTAINER_LATEST: LatestTable = {
  table: 'container_latest',
  key: ['container_id'],
  columns: ['host_id', 'recorded_at', ...columnNames(CONTAINER_METRIC_COLUMNS)],
};

/**
 * Writes the newest values per host, mount, interface and container, one statement
 * per table. A row is replaced only by a newer one, so a buffered report that arrives
 * late never overwrites fresher values. Rows are sorted by key so that concurrent
 * batches lock them in the same order.
 */
export async function writeLatest(client: pg.PoolClient, rows: LatestRows): Promise<void> {
  await upsertLatest(client, HOST_LATEST, rows.host);
  await upsertLatest(client, DISK_LATEST, rows.disk);
  await deleteGone(client, 'disk_latest', rows.diskReportTimes);
  await upsertLatest(client, NETWORK_LATEST, rows.network);
  await deleteGone(client, 'network_latest', rows.networkReportTimes);
  await upsertLatest(client, CONTAINER_LATEST, rows.container);
}

async function upsertLatest(client: pg.PoolClient, spec: LatestTable, records: LatestRecord[]): Promise<void> {
  if (records.length === 0) return;
  const sortKey = (record: LatestRecord) => spec.key.map((column) => String(record[column])).join('\u0000');
  const sorted = [...records].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  const columns = [...spec.key, ...spec.columns];
  await client.query(
    `-- Upsert ${spec.table}
     INSERT INTO ${spec.table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${spec.table}, $1::jsonb)
     ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET
       ${spec.columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
     WHERE ${spec.table}.recorded_at <= EXCLUDED.recorded_at`,
    [JSON.stringify(sorted)],
  );
}

async function deleteGone(client: pg.PoolClient, table: 'disk_latest' | 'network_latest', times: LatestRows['diskReportTimes']): Promise<void> {
  if (times.length === 0) return;
  await client.query(
    `-- Delete ${table} rows missing from the newest report
     DELETE FROM ${table} AS l
     USING jsonb_to_recordset($1::jsonb) AS t (host_id uuid, recorded_at timestamptz)
     WHERE l.host_id = t.host_id AND l.recorded_at < t.recorded_at`,
    [JSON.stringify(times)],
  );
}
