import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLContext } from '../context.ts';
import { listHosts } from '../hosts/host-list.ts';
import { hostRowSql } from '../hosts/host-row-sql.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { readHostPage } from './host-page.ts';
import { loadHostWithSeries, planSeriesOnlySelection } from './host-series-preload.ts';
import { HostRef } from './host.ts';
import { parseId } from './ids.ts';

const TagFilterInput = builder.inputType('TagFilter', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
});

const HostFilterInput = builder.inputType('HostFilter', {
  fields: (t) => ({
    environment: t.string(),
    role: t.string(),
    status: t.string({ description: 'unknown, online, warning, critical or offline.' }),
    groupId: t.id(),
    tag: t.field({ type: TagFilterInput }),
    search: t.string({ description: 'Part of the name or hostname, case-insensitive.' }),
  }),
});

const HostSortFieldEnum = builder.enumType('HostSortField', {
  description: 'The value hosts are ordered by. Hosts with equal values are ordered by id, in the same direction.',
  values: {
    NAME: { description: "The host name, in the database's text order (its collation)." },
    STATUS: { description: 'The status text in alphabetical order: critical, offline, online, unknown, warning.' },
    CPU: { description: 'The latest CPU usage. Hosts without one sort first in ascending order.' },
    MEMORY: { description: 'The latest memory usage. Hosts without one sort first in ascending order.' },
    LAST_SEEN: { description: 'The time of the last report. Hosts that never reported sort first in ascending order.' },
  } as const,
});
const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const HostOrderInput = builder.inputType('HostOrder', {
  fields: (t) => ({
    field: t.field({ type: HostSortFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'ASC' }),
  }),
});

async function hostsById(ctx: GraphQLContext, query: ReturnType<typeof queryFromInfo>, ids: string[]) {
  const hosts = await ctx.services.prisma.host.findMany({ ...query, where: { id: { in: ids } } });
  return new Map(hosts.map((host) => [host.id, host]));
}

// Total counts are computed only when a client selects totalCount.
const pageCounts = new WeakMap<object, () => Promise<number>>();

builder.queryField('hosts', (t) =>
  t.connection(
    {
      type: HostRef,
      description: "The caller's hosts, one page at a time: first and after page forward, last and before backward, at most 100 hosts a page.",
      args: {
        filter: t.arg({ type: HostFilterInput }),
        orderBy: t.arg({ type: HostOrderInput, description: 'NAME ASC when omitted.' }),
      },
      resolve: async (_root, args, ctx, info) => {
        // The page statement loads the hosts with the fields and relations the Prisma
        // plugin planned. A selection it cannot translate, such as filtered containers,
        // is loaded through Prisma instead, with one more statement per relation.
        const query = queryFromInfo({ context: ctx, info, typeName: 'Host', path: ['edges', 'node'] });
        const node = hostRowSql(query);
        const page = await readHostPage(ctx, args, node);

        const byId = node ? null : await hostsById(ctx, query, page.edges.map((edge) => edge.id));
        // A host deleted between the two statements of the Prisma path is left out.
        const edges = page.edges.flatMap((edge) => {
          const host = edge.node ?? byId?.get(edge.id);
          return host ? [{ cursor: edge.cursor, node: host }] : [];
        });
        const connection = {
          edges,
          pageInfo: {
            hasNextPage: page.hasNextPage,
            hasPreviousPage: page.hasPreviousPage,
            startCursor: page.edges[0]?.cursor ?? null,
            endCursor: page.edges.at(-1)?.cursor ?? null,
          },
        };
        pageCounts.set(connection, page.count);
        return connection;
      },
    },
    {
      fields: (t) => ({
        totalCount: t.int({
          description: 'Hosts matching the filter, on every page.',
          resolve: (connection) => pageCounts.get(connection)?.() ?? 0,
        }),
      }),
    },
  ),
);

builder.queryField('host', (t) =>
  t.field({
    type: HostRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx, info) => {
      const principal = requireAccess(ctx, 'read');
      const id = parseId('id', args.id);
      // Planned first in both paths: it records which host fields the loaded row carries.
      const query = queryFromInfo({ context: ctx, info, typeName: 'Host' });

      // A request for series alone checks the host in the series statement itself.
      const series = await planSeriesOnlySelection(ctx, info, id);
      if (series) return loadHostWithSeries(ctx, principal.projectId, id, series);
      return ctx.services.prisma.host.findFirst({ ...query, where: { id, projectId: principal.projectId } });
    },
  }),
);

builder.queryField('hostByName', (t) =>
  t.prismaField({
    type: 'Host',
    nullable: true,
    description: 'The host with this name; the oldest one when several share it.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const principal = requireAccess(ctx, 'read');
      return ctx.services.prisma.host.findFirst({ ...query, where: { name: args.name, projectId: principal.projectId }, orderBy: { createdAt: 'asc' } });
    },
  }),
);
