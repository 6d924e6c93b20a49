import type pg from 'pg';
import type { HostStatus } from '../health/evaluate.ts';
import { formatIsoInstant } from '../iso-instant.ts';
import { HOST_METRIC_COLUMNS } from './host-metric-columns.ts';
import { columnNames, CONTAINER_METRIC_COLUMNS, DISK_METRIC_COLUMNS, NETWORK_METRIC_COLUMNS } from './series-columns.ts';
import { inLockOrder } from './lock-order.ts';

export type LatestRecord = Record<string, unknown>;

/** Rows for the latest tables, at most one per key, keyed by column name. */
export type LatestRows = {
  host: LatestRecord[];
  disk: LatestRecord[];
  network: LatestRecord[];
  container: LatestRecord[];
  // Per host, the time of its newest report with disks or interfaces: rows of mounts or
  // interfaces older than that are gone from the host and are deleted. The disk and
  // network rows above are those of exactly that report.
  diskReportTimes: { host_id: string; recorded_at: Date }[];
  networkReportTimes: { host_id: string; recorded_at: Date }[];
};

/** Inputs of host status, read from host_latest as it is after the batch's writes. */
export type HealthRow = {
  id: string;
  name: string;
  status: HostStatus;
  cpu_usage_percent: number | null;
  memory_usage_percent: number | null;
  load_1m: number | null;
  disk_max_usage_percent: number | null;
  cpu_count: number | null;
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

const HEALTH_COLUMNS = ['cpu_usage_percent', 'memory_usage_percent', 'load_1m', 'disk_max_usage_percent'];

/** SQL type of each column of the latest tables, by `table.column`, read from the catalog. */
type ColumnTypes = ReadonlyMap<string, string>;

// Rows are sent as JSON objects keyed by short names (a, b, ...) in column order. With
// column names as keys, the parameters were 9.5 KB per report instead of 5 KB.
const shortName = (index: number) => (index < 26 ? String.fromCharCode(97 + index) : `z${index}`);
const allColumns = (spec: LatestTable) => [...spec.key, ...spec.columns];

// A row is replaced only by a newer one, so a buffered report that arrives late never
// overwrites fresher values.
function upsert(spec: LatestTable, parameter: string, returning: string[], types: ColumnTypes): string {
  const columns = allColumns(spec);
  const definitions = columns.map((column, index) => {
    const type = types.get(`${spec.table}.${column}`);
    if (!type) throw new Error(`Column ${spec.table}.${column} is missing from the database: run the migrations`);
    return `${shortName(index)} ${type}`;
  });
  return `INSERT INTO ${spec.table} (${columns.join(', ')})
     SELECT ${columns.map((_column, index) => shortName(index)).join(', ')}
     FROM json_to_recordset(${parameter}::json) AS r (${definitions.join(', ')})
     ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET
       ${spec.columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
     WHERE ${spec.table}.recorded_at <= EXCLUDED.recorded_at
     RETURNING ${returning.join(', ')}`;
}

// Rows of a host older than its newest report are mounts or interfaces it no longer
// has. The rows this statement upserted are left out by key: one statement must not
// both update and delete a row.
function deleteGone(spec: LatestTable, parameter: string, upserted: string): string {
  const [, name] = spec.key as [string, string];
  return `DELETE FROM ${spec.table} AS l
     USING json_to_recordset(${parameter}::json) AS t (host_id uuid, recorded_at timestamptz)
     WHERE l.host_id = t.host_id AND l.recorded_at < t.recorded_at
       AND NOT EXISTS (SELECT 1 FROM ${upserted} AS u WHERE u.host_id = l.host_id AND u.${name} = l.${name})`;
}

// One round trip for the four latest tables, the deletion of gone mounts and
// interfaces, and the health inputs of the batch's hosts. Every part of a WITH query
// reads the tables as they were before the statement, so the health inputs take a
// host_latest row from RETURNING when this statement wrote it.
function writeLatestSql(types: ColumnTypes): string {
  return `-- Write latest tables and read host health inputs
  WITH host_rows AS (${upsert(HOST_LATEST, '$1', ['host_id', ...HEALTH_COLUMNS], types)}),
  disk_rows AS (${upsert(DISK_LATEST, '$2', DISK_LATEST.key, types)}),
  gone_disks AS (${deleteGone(DISK_LATEST, '$3', 'disk_rows')}),
  network_rows AS (${upsert(NETWORK_LATEST, '$4', NETWORK_LATEST.key, types)}),
  gone_networks AS (${deleteGone(NETWORK_LATEST, '$5', 'network_rows')}),
  container_rows AS (${upsert(CONTAINER_LATEST, '$6', CONTAINER_LATEST.key, types)})
  SELECT h.id, h.name, h.status,
    ${HEALTH_COLUMNS.map((column) => `CASE WHEN w.host_id IS NULL THEN l.${column} ELSE w.${column} END AS ${column}`).join(',\n    ')},
    COALESCE(h.cpu_threads, h.cpu_cores) AS cpu_count
  FROM hosts h
  LEFT JOIN host_rows w ON w.host_id = h.id
  LEFT JOIN host_latest l ON l.host_id = h.id
  WHERE h.id = ANY($7::uuid[])`;
}

/**
 * Builds the statement that writes the latest tables, with each column's type read from
 * the catalog. A writer builds it once and prepares it under one name on every
 * connection, so the text must not change between batches.
 */
export async function buildLatestStatement(client: pg.ClientBase): Promise<string> {
  return writeLatestSql(await readLatestColumnTypes(client));
}

async function readLatestColumnTypes(client: pg.ClientBase): Promise<ColumnTypes> {
  const tables = [HOST_LATEST, DISK_LATEST, NETWORK_LATEST, CONTAINER_LATEST].map((spec) => spec.table);
  const { rows } = await client.query<{ name: string; type: string }>(
    `-- Read latest table column types
     SELECT c.relname || '.' || a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.oid = ANY($1::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped`,
    [tables],
  );
  return new Map(rows.map((row) => [row.name, row.type]));
}

// Encodes the rows as JSON with short keys. Numbers are finite after validation, and a
// Date becomes its ISO text, as JSON.stringify writes it.
function encodeRows(spec: LatestTable, records: LatestRecord[]): string {
  const columns = allColumns(spec);
  const keys = columns.map((_column, index) => `"${shortName(index)}":`);
  let text = '[';
  for (let row = 0; row < records.length; row++) {
    const record = records[row]!;
    text += row === 0 ? '{' : ',{';
    for (let index = 0; index < columns.length; index++) {
      if (index > 0) text += ',';
      text += keys[index]! + encodeJsonValue(record[columns[index]!]);
    }
    text += '}';
  }
  return `${text}]`;
}

function encodeJsonValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (value instanceof Date) return `"${formatIsoInstant(value)}"`;
  return JSON.stringify(value);
}

function sortedByKey(spec: LatestTable, records: LatestRecord[]): LatestRecord[] {
  return inLockOrder(records, (record) => spec.key.map((column) => String(record[column])).join('\u0000'));
}

/**
 * Writes the newest values per host, mount, interface and container and returns the
 * health inputs of `hostIds`. Rows are sorted by key so that concurrent batches lock
 * them in the same order.
 */
export async function writeLatest(
  client: pg.PoolClient,
  statement: string,
  rows: LatestRows,
  hostIds: string[],
): Promise<HealthRow[]> {
  const { rows: health } = await client.query<HealthRow>({
    name: 'ingest-write-latest',
    text: statement,
    values: [...encodeLatestRows(rows), [...hostIds].sort()],
  });
  return health;
}

/** Encodes the six JSON parameters of the latest-table statement, in parameter order. */
export function encodeLatestRows(rows: LatestRows): string[] {
  return [
    encodeRows(HOST_LATEST, sortedByKey(HOST_LATEST, rows.host)),
    encodeRows(DISK_LATEST, sortedByKey(DISK_LATEST, rows.disk)),
    JSON.stringify(rows.diskReportTimes),
    encodeRows(NETWORK_LATEST, sortedByKey(NETWORK_LATEST, rows.network)),
    JSON.stringify(rows.networkReportTimes),
    encodeRows(CONTAINER_LATEST, sortedByKey(CONTAINER_LATEST, rows.container)),
  ];
}

