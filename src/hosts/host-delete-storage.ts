import type pg from 'pg';

// Series tables carry no foreign key to hosts, so their rows are deleted explicitly.
const SERIES_TABLES = ['host_metrics', 'disk_metrics', 'network_metrics', 'process_snapshots', 'container_metrics'];
// Rollups that are plain tables (PostgreSQL without TimescaleDB). TimescaleDB continuous
// aggregates are views and drop the host's buckets on their next refresh.
const ROLLUP_TABLES = ['5m', '1h'].flatMap((width) =>
  ['host_metrics', 'disk_metrics', 'network_metrics', 'container_metrics'].map((table) => `${table}_${width}`),
);

/**
 * Deletes a host with its series and rollup rows, in the caller's transaction, after
 * the host row is locked by lockHostForDeletion. The registry rows (latest values,
 * containers, alert states and events) go with it by ON DELETE CASCADE.
 */
export async function deleteHostRows(client: pg.PoolClient, hostId: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    "-- Rollup tables present\nSELECT relname AS name FROM pg_class WHERE relname = ANY($1) AND relkind IN ('r', 'p')",
    [ROLLUP_TABLES],
  );
  for (const table of [...SERIES_TABLES, ...rows.map((row) => row.name).filter((name) => ROLLUP_TABLES.includes(name))]) {
    await client.query(`-- Delete host series rows\nDELETE FROM ${table} WHERE host_id = $1`, [hostId]);
  }
  await client.query('-- Delete host\nDELETE FROM hosts WHERE id = $1', [hostId]);
}

/** Locks a project's host until the transaction ends; false when the project has no such host. */
export async function lockHostForDeletion(client: pg.PoolClient, projectId: string, hostId: string): Promise<boolean> {
  const locked = await client.query('-- Lock host for deletion\nSELECT id FROM hosts WHERE id = $1 AND project_id = $2 FOR UPDATE', [hostId, projectId]);
  return (locked.rowCount ?? 0) > 0;
}
