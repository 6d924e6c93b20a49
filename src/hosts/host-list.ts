import type pg from 'pg';
import { invalidArgument } from '../errors.ts';
import { decodeHostCursor, encodeHostCursor, type HostSortField, type SortDirection } from './host-cursor.ts';
import { countHosts, queryHostPage, type HostFilter, type HostPageRow } from './host-list-storage.ts';
import type { HostNodeSql } from './host-node-sql.ts';

// Largest page a client may request, and the page size when it names none.
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export type HostListArgs = {
  filter: HostFilter;
  field: HostSortField;
  direction: SortDirection;
  first: number | null;
  after: string | null;
  /** Loads each host's node in the page statement; null reads ids only. */
  node: HostNodeSql | null;
};

export type HostPage = {
  edges: { id: string; cursor: string; node: HostPageRow['node'] }[];
  hasNextPage: boolean;
  count(): Promise<number>;
};

/**
 * Lists one page of a project's hosts in a stable order: the sort value, then the id.
 * Only forward paging (first, after) is offered.
 */
export async function listHosts(pool: pg.Pool, projectId: string, args: HostListArgs): Promise<HostPage> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw invalidArgument('first', first, `must be between 0 and ${MAX_PAGE_SIZE}`);
  }
  const after = args.after ? decodeHostCursor(args.after, args.field, args.direction) : null;

  const rows = await queryHostPage(pool, { projectId, filter: args.filter, field: args.field, direction: args.direction, after, limit: first + 1, node: args.node });
  const page = rows.slice(0, first);
  return {
    edges: page.map((row) => ({
      id: row.id,
      cursor: encodeHostCursor({ field: args.field, direction: args.direction, value: row.sortValue, id: row.id }),
      node: row.node,
    })),
    hasNextPage: rows.length > first,
    count: () => countHosts(pool, projectId, args.filter),
  };
}
