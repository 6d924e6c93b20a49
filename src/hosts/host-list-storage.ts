import type pg from 'pg';
import { z } from 'zod';
import type { JsonObject } from '../db/model-json.ts';
import { hostStatements } from '../db/prepared.ts';
import type { HostCursor, HostSortField, SortDirection } from './host-cursor.ts';
import type { HostRowSql } from './host-row-sql.ts';

export type HostFilter = {
  environment?: string | null;
  role?: string | null;
  status?: string | null;
  groupId?: string | null;
  tag?: { key: string; value: string } | null;
  search?: string | null;
};

// Sort expressions of each field. A missing latest value or last-seen time sorts as -1,
// below every real value, so NULLs need no special case in the keyset comparison.
const SORT_EXPRESSIONS: Record<HostSortField, { sql: string; type: 'text' | 'float8' }> = {
  NAME: { sql: 'h.name', type: 'text' },
  STATUS: { sql: 'h.status', type: 'text' },
  CPU: { sql: 'coalesce(hl.cpu_usage_percent, -1)', type: 'float8' },
  MEMORY: { sql: 'coalesce(hl.memory_usage_percent, -1)', type: 'float8' },
  LAST_SEEN: { sql: 'coalesce(extract(epoch FROM h.last_seen_at) * 1000, -1)::float8', type: 'float8' },
};

const OPPOSITE: Record<SortDirection, SortDirection> = { ASC: 'DESC', DESC: 'ASC' };

/** One host of a page: its id, the value it is sorted by, and its node when one was requested. */
export type HostPageRow = { id: string; sortValue: string | number; node: (JsonObject & { id: string }) | null };

export type HostPageRequest = {
  projectId: string;
  filter: HostFilter;
  field: HostSortField;
  direction: SortDirection;
  /** Reads the page that ends before `cursor`, from the nearest host backwards, instead of the one that starts after it. */
  backward: boolean;
  cursor: HostCursor | null;
  limit: number;
  /** Loads each host's fields and relations too, in the same statement. */
  node: HostRowSql | null;
};

/**
 * Reads the ids and sort values of one page of hosts, and their nodes when requested.
 * Rows come in the order the page is read in, so a backward page comes last host first.
 */
export async function queryHostPage(pool: pg.Pool, request: HostPageRequest): Promise<HostPageRow[]> {
  const sort = SORT_EXPRESSIONS[request.field];
  // A backward page walks the same order in reverse from its cursor.
  const direction = request.backward ? OPPOSITE[request.direction] : request.direction;
  const params: unknown[] = [request.projectId];
  const conditions = filterConditions(request.filter, params);
  if (request.cursor) {
    params.push(request.cursor.value, request.cursor.id);
    const comparison = direction === 'ASC' ? '>' : '<';
    conditions.push(`(${sort.sql}, h.id) ${comparison} ($${params.length - 1}::${sort.type}, $${params.length}::uuid)`);
  }
  // The limit is part of the text, not a parameter. With a parameter, PostgreSQL planned
  // every run of the named page statement anew (0 generic plans in 20 runs, in
  // pg_prepared_statements). With the limit in the text, it kept a generic plan from the
  // sixth run on, and the benchmark's page took 2.76 ms instead of 3.28 ms.
  if (!Number.isSafeInteger(request.limit) || request.limit < 1) throw new RangeError(`page limit must be a positive integer, got ${request.limit}`);

  const { node } = request;
  // PostgreSQL evaluates the node's subqueries (disks, interfaces, group) after the
  // sort and the limit, for the page's rows only, because they are costly select items.
  const columns = node ? node.columns.map((column) => `, ${column}`).join('') : '';
  const sql = `-- ${node ? 'Host page with nodes' : 'Host page'}
     SELECT h.id, ${sort.sql} AS "sortValue"${columns}
     FROM hosts h
     LEFT JOIN host_latest hl ON hl.host_id = h.id
     WHERE ${conditions.join(' AND ')}
     ORDER BY ${sort.sql} ${direction}, h.id ${direction}
     LIMIT ${request.limit}`;

  const { rows } = await pool.query({ ...hostStatements.statement(sql, params), types: node?.types });
  return rows.map((row: JsonObject) => {
    const { id, sortValue } = row;
    // The statement's own columns, checked without a schema because this runs for every row.
    if (typeof id !== 'string' || (typeof sortValue !== 'string' && typeof sortValue !== 'number')) throw new Error(`Host page row has id ${String(id)} and sort value ${String(sortValue)}`);
    return { id, sortValue, node: node ? node.decode(row) : null };
  });
}

/** Counts the hosts that match a filter. */
export async function countHosts(pool: pg.Pool, projectId: string, filter: HostFilter): Promise<number> {
  const params: unknown[] = [projectId];
  const conditions = filterConditions(filter, params);
  const { rows } = await pool.query(
    `-- Host count
     SELECT count(*) AS count FROM hosts h WHERE ${conditions.join(' AND ')}`,
    params,
  );
  return z.number().parse(rows[0].count);
}

function filterConditions(filter: HostFilter, params: unknown[]): string[] {
  const conditions = ['h.project_id = $1'];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.environment) conditions.push(`h.environment = ${bind(filter.environment)}`);
  if (filter.role) conditions.push(`h.role = ${bind(filter.role)}`);
  if (filter.status) conditions.push(`h.status = ${bind(filter.status)}`);
  if (filter.groupId) conditions.push(`h.host_group_id = ${bind(filter.groupId)}::uuid`);
  if (filter.tag) conditions.push(`h.tags ->> ${bind(filter.tag.key)} = ${bind(filter.tag.value)}`);
  if (filter.search) {
    const pattern = bind(`%${filter.search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    conditions.push(`(h.name ILIKE ${pattern} OR h.hostname ILIKE ${pattern})`);
  }
  return conditions;
}
