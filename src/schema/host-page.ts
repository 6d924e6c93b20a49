import type { GraphQLContext } from '../context.ts';
import type { HostSortField, SortDirection } from '../hosts/host-cursor.ts';
import { listHosts, type HostPage } from '../hosts/host-list.ts';
import { parseHostStatus } from '../hosts/status-arguments.ts';
import type { HostRowSql } from '../hosts/host-row-sql.ts';
import { requireAccess } from './access.ts';
import { parseOptionalId } from './ids.ts';

/** The arguments of the hosts connection, as graphql-js coerces them. */
export type HostsArgs = {
  filter?: {
    environment?: string | null;
    role?: string | null;
    status?: string | null;
    groupId?: string | number | null;
    tag?: { key: string; value: string } | null;
    search?: string | null;
  } | null;
  orderBy?: { field: HostSortField; direction?: SortDirection | null } | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

/**
 * Reads one page of the caller's hosts for the hosts connection, with each host's node
 * when `node` is given. The schema's resolver and the direct executor both call it, so
 * that the two paths check access and arguments alike.
 */
export function readHostPage(ctx: GraphQLContext, args: HostsArgs, node: HostRowSql | null): Promise<HostPage> {
  const principal = requireAccess(ctx, 'read');
  const filter = {
    ...args.filter,
    status: parseHostStatus('filter.status', args.filter?.status),
    groupId: parseOptionalId('filter.groupId', args.filter?.groupId),
  };
  return listHosts(ctx.services.pool, principal.projectId, {
    filter,
    field: args.orderBy?.field ?? 'NAME',
    direction: args.orderBy?.direction ?? 'ASC',
    first: args.first ?? null,
    after: args.after ?? null,
    last: args.last ?? null,
    before: args.before ?? null,
    node,
  });
}
