import { labelObject, parsePortMappings, type PortMapping } from '../hosts/container-fields.ts';
import { CONTAINER_STATUSES, parseContainerStatus } from '../hosts/status-arguments.ts';
import { readSeries } from '../metrics/series-service.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { parseOptionalId } from './ids.ts';
import { SeriesMetricEnum, SeriesPointRef, seriesWindowArgs } from './series.ts';

/** Description of the status arguments that filter containers. */
export const CONTAINER_STATUS_DESCRIPTION = `Only containers in this state: ${CONTAINER_STATUSES.join(', ')}.`;

const PortMappingRef = builder.objectRef<PortMapping>('PortMapping').implement({
  fields: (t) => ({
    containerPort: t.exposeInt('containerPort'),
    hostPort: t.int({ nullable: true, resolve: (port) => port.hostPort ?? null }),
    protocol: t.string({ nullable: true, resolve: (port) => port.protocol ?? null }),
    hostIp: t.string({ nullable: true, resolve: (port) => port.hostIp ?? null }),
  }),
});

builder.prismaObject('ContainerLatest', {
  name: 'ContainerStats',
  description: "A container's newest sample; network and block counts are deltas over the report interval.",
  fields: (t) => ({
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    cpuUsagePercent: t.exposeFloat('cpuUsagePercent', { nullable: true }),
    cpuThrottledPeriods: t.expose('cpuThrottledPeriods', { type: 'BigInt', nullable: true }),
    cpuThrottledTimeNs: t.expose('cpuThrottledTimeNs', { type: 'BigInt', nullable: true }),
    memoryUsedBytes: t.expose('memoryUsedBytes', { type: 'BigInt', nullable: true }),
    memoryLimitBytes: t.expose('memoryLimitBytes', { type: 'BigInt', nullable: true }),
    memoryUsagePercent: t.exposeFloat('memoryUsagePercent', { nullable: true }),
    memoryCacheBytes: t.expose('memoryCacheBytes', { type: 'BigInt', nullable: true }),
    memoryRssBytes: t.expose('memoryRssBytes', { type: 'BigInt', nullable: true }),
    networkRxBytes: t.expose('networkRxBytes', { type: 'BigInt', nullable: true }),
    networkTxBytes: t.expose('networkTxBytes', { type: 'BigInt', nullable: true }),
    networkRxPackets: t.expose('networkRxPackets', { type: 'BigInt', nullable: true }),
    networkTxPackets: t.expose('networkTxPackets', { type: 'BigInt', nullable: true }),
    blockReadBytes: t.expose('blockReadBytes', { type: 'BigInt', nullable: true }),
    blockWriteBytes: t.expose('blockWriteBytes', { type: 'BigInt', nullable: true }),
    pidsCurrent: t.exposeInt('pidsCurrent', { nullable: true }),
    pidsLimit: t.exposeInt('pidsLimit', { nullable: true }),
  }),
});

builder.prismaObject('Container', {
  fields: (t) => ({
    id: t.exposeID('id'),
    containerId: t.exposeString('containerId', { description: "The runtime's id of the container." }),
    name: t.exposeString('name'),
    image: t.exposeString('image', { nullable: true }),
    imageId: t.exposeString('imageId', { nullable: true }),
    runtime: t.exposeString('runtime', { nullable: true }),
    status: t.exposeString('status', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    exitCode: t.exposeInt('exitCode', { nullable: true }),
    memoryLimitBytes: t.expose('memoryLimitBytes', { type: 'BigInt', nullable: true }),
    cpuLimit: t.exposeFloat('cpuLimit', { nullable: true, description: 'CPUs the container may use.' }),
    networkMode: t.exposeString('networkMode', { nullable: true }),
    ports: t.field({ type: [PortMappingRef], resolve: (container) => parsePortMappings(container.portMappings) }),
    labels: t.field({ type: 'JSONObject', resolve: (container) => labelObject(container.labels) }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    host: t.relation('host'),
    latest: t.relation('latest', { nullable: true }),
    series: t.field({
      type: [SeriesPointRef],
      args: { ...seriesWindowArgs, metric: t.arg({ type: SeriesMetricEnum, required: true }) },
      resolve: (container, args, ctx) => readSeries(ctx.services.pool, { kind: 'container', containerId: container.id }, args.metric, args),
    }),
  }),
});

// Maximum number of containers the containers query returns.
const MAX_CONTAINERS = 1_000;

builder.queryField('containers', (t) =>
  t.prismaField({
    type: ['Container'],
    description: "The caller's containers, by host and name, at most 1000; optionally of one host or in one state.",
    args: { hostId: t.arg.id(), status: t.arg.string({ description: CONTAINER_STATUS_DESCRIPTION }) },
    resolve: (query, _root, args, ctx) => {
      const principal = requireAccess(ctx, 'read');
      const hostId = parseOptionalId('hostId', args.hostId);
      const status = parseContainerStatus('status', args.status);
      return ctx.services.prisma.container.findMany({
        ...query,
        where: { host: { projectId: principal.projectId }, ...(hostId ? { hostId } : {}), ...(status ? { status } : {}) },
        orderBy: [{ hostId: 'asc' }, { name: 'asc' }],
        take: MAX_CONTAINERS,
      });
    },
  }),
);
