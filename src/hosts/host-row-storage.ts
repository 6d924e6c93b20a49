import type pg from 'pg';
import type { JsonObject } from '../db/model-json.ts';
import { hostStatements } from '../db/prepared.ts';
import type { HostRowSql } from './host-row-sql.ts';

/** The key a single host is found by: its id, or its name (the oldest host of that name). */
export type HostLookup = { id: string } | { name: string };

/**
 * Reads one host of a project with the columns and relations of `row`, in one
 * statement. Returns null when the project has no such host.
 */
export async function queryHostRow(pool: pg.Pool, projectId: string, lookup: HostLookup, row: HostRowSql): Promise<(JsonObject & { id: string }) | null> {
  const byId = 'id' in lookup;
  const { rows } = await pool.query({
    ...hostStatements.statement(
      `-- ${byId ? 'Host by id' : 'Host by name'}
     SELECT h.id${row.columns.map((column) => `, ${column}`).join('')}
     FROM hosts h
     LEFT JOIN host_latest hl ON hl.host_id = h.id
     WHERE h.project_id = $1 AND ${byId ? 'h.id = $2::uuid' : 'h.name = $2'}
     ORDER BY h.created_at, h.id
     LIMIT 1`,
      [projectId, byId ? lookup.id : lookup.name],
    ),
    types: row.types,
  });
  const found = rows[0] as JsonObject | undefined;
  return found ? row.decode(found) : null;
}
