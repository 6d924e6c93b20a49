import type pg from 'pg';
import { checkPageArguments } from '../page-arguments.ts';
import { decodeHostCursor, encodeHostCursors, type HostSortField, type SortDirection } from './host-cursor.ts';
import { countHosts, queryHostPage, type HostFilter, type HostPageRow } from './host-list-storage.ts';
import type { HostRowSql } from './host-row-sql.ts';

// Largest page a client may request, and the page size when it names none.
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export type HostListArgs = {
  filter: HostFilter;
  field: HostSortField;
  direction: SortDirection;
  first: number | null;
  after: string | null;
  last: number | null;
  before: string | null;
  /** Loads each host's node in the page statement; null reads ids only. */
  node: HostRowSql | null;
};

export type HostPage = {
  edges: { id: string; cursor: string; node: HostPageRow['node'] }[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  count(): Promise<number>;
};

/**
 * Lists one page of a project's hosts in a stable order: the sort value, then the id.
 * A page goes forward (first, after) or backward (last, before) from a cursor, and is
 * always returned in that order. Without a cursor, first starts at the first host and
 * last ends at the last one.
 */
export async function listHosts(pool: pg.Pool, projectId: string, args: HostListArgs): Promise<HostPage> {
  const { backward, size } = checkPageArguments(args, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  let cursor = null;
  if (backward && args.before) cursor = decodeHostCursor('before', args.before, args.field, args.direction);
  if (!backward && args.after) cursor = decodeHostCursor('after', args.after, args.field, args.direction);

  const rows = await queryHostPage(pool, { projectId, filter: args.filter, field: args.field, direction: args.direction, backward, cursor, limit: size + 1, node: args.node });
  const page = rows.slice(0, size);
  if (backward) page.reverse();

  // The one row read past the page shows whether hosts lie beyond its far end. On the
  // cursor's side, hosts are known to exist only because the cursor came from one of them.
  const more = rows.length > size;
  const cursors = encodeHostCursors(page.map((row) => ({ field: args.field, direction: args.direction, value: row.sortValue, id: row.id })));
  return {
    edges: page.map((row, index) => ({ id: row.id, cursor: cursors[index]!, node: row.node })),
    hasNextPage: backward ? cursor !== null : more,
    hasPreviousPage: backward ? more : cursor !== null,
    count: () => countHosts(pool, projectId, args.filter),
  };
}
