import type { Pool } from '../db/pool.ts';
import { queryHostSeries, type HostSeriesMetric } from '../metrics/host-series.ts';
import { chooseInterval, parseDuration } from '../metrics/periods.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { SeriesPointRef } from './series.ts';

export const HostRef = builder.prismaObject('Host', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    hostname: t.exposeString('hostname'),
    agentId: t.exposeString('agentId'),
    status: t.exposeString('status'),
    os: t.exposeString('os', { nullable: true }),
    osVersion: t.exposeString('osVersion', { nullable: true }),
    kernelVersion: t.exposeString('kernelVersion', { nullable: true }),
    architecture: t.exposeString('architecture', { nullable: true }),
    cpuModel: t.exposeString('cpuModel', { nullable: true }),
    cpuCores: t.exposeInt('cpuCores', { nullable: true }),
    cpuThreads: t.exposeInt('cpuThreads', { nullable: true }),
    memoryTotalBytes: t.expose('memoryTotalBytes', { type: 'BigInt', nullable: true }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    cpuUsage: t.float({
      nullable: true,
      description: 'CPU usage in percent at the newest report.',
      select: { latest: { select: { cpuUsagePercent: true } } },
      resolve: (host) => host.latest?.cpuUsagePercent ?? null,
    }),
    memoryUsage: t.float({
      nullable: true,
      description: 'Memory usage in percent at the newest report.',
      select: { latest: { select: { memoryUsagePercent: true } } },
      resolve: (host) => host.latest?.memoryUsagePercent ?? null,
    }),
    load1m: t.float({
      nullable: true,
      select: { latest: { select: { load1m: true } } },
      resolve: (host) => host.latest?.load1m ?? null,
    }),
    cpuSeries: t.field({
      type: [SeriesPointRef],
      args: seriesArgs,
      resolve: (host, args, ctx) => hostSeries(ctx.services.pool, host.id, 'cpu', args),
    }),
    memorySeries: t.field({
      type: [SeriesPointRef],
      args: seriesArgs,
      resolve: (host, args, ctx) => hostSeries(ctx.services.pool, host.id, 'memory', args),
    }),
  }),
});

const seriesArgs = builder.args((t) => ({
  period: t.string({ defaultValue: '1h', description: 'How far back from now, such as 1h, 24h or 7d.' }),
  interval: t.string({ required: false, description: 'Bucket width such as 1m or 5m; chosen from the period when omitted.' }),
}));

function hostSeries(pool: Pool, hostId: string, metric: HostSeriesMetric, args: { period?: string | null; interval?: string | null }) {
  const periodSeconds = parseDuration('period', args.period ?? '1h');
  const requested = args.interval ? parseDuration('interval', args.interval) : null;
  const to = new Date();
  const from = new Date(to.getTime() - periodSeconds * 1_000);
  return queryHostSeries(pool, hostId, metric, from, to, chooseInterval(periodSeconds, requested));
}

builder.queryField('hosts', (t) =>
  t.prismaField({
    type: ['Host'],
    description: "The hosts of the caller's project, by name.",
    resolve: (query, _root, _args, ctx) => {
      const principal = requireAccess(ctx, 'read');
      return ctx.services.prisma.host.findMany({ ...query, where: { projectId: principal.projectId }, orderBy: { name: 'asc' } });
    },
  }),
);

builder.queryField('host', (t) =>
  t.prismaField({
    type: 'Host',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => {
      const principal = requireAccess(ctx, 'read');
      return ctx.services.prisma.host.findFirst({ ...query, where: { id: String(args.id), projectId: principal.projectId } });
    },
  }),
);
