import type { ContainerUpdatedEvent, HostMetricsEvent, HostUpdatedEvent } from '../events/types.ts';
import { parseHostStatus } from '../hosts/status-arguments.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';
import { parseId } from './ids.ts';

// Every field here resolves from the event alone, with no database read, so that one
// execution serves all subscribers of an event (see src/server/ws-subscribe.ts).

const HostUpdateRef = builder.objectRef<HostUpdatedEvent>('HostUpdate').implement({
  description: "A host's status or newest values after a report, or its change to offline.",
  fields: (t) => ({
    hostId: t.exposeID('hostId'),
    name: t.exposeString('name'),
    status: t.exposeString('status', { description: 'unknown, online, warning, critical or offline.' }),
    previousStatus: t.exposeString('previousStatus'),
    created: t.exposeBoolean('created', { description: 'True for the first report of a new host.' }),
    cpuUsage: t.float({ nullable: true, description: 'CPU usage in percent.', resolve: (event) => event.cpuUsagePercent }),
    memoryUsage: t.float({ nullable: true, description: 'Memory usage in percent.', resolve: (event) => event.memoryUsagePercent }),
    load1m: t.exposeFloat('load1m', { nullable: true }),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime', nullable: true }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const HostMetricsUpdateRef = builder.objectRef<HostMetricsEvent>('HostMetricsUpdate').implement({
  description: 'A system sample of a host, as stored.',
  fields: (t) => ({
    hostId: t.exposeID('hostId'),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    cpuUsagePercent: t.exposeFloat('cpuUsagePercent', { nullable: true }),
    cpuUserPercent: t.exposeFloat('cpuUserPercent', { nullable: true }),
    cpuSystemPercent: t.exposeFloat('cpuSystemPercent', { nullable: true }),
    cpuIowaitPercent: t.exposeFloat('cpuIowaitPercent', { nullable: true }),
    cpuStealPercent: t.exposeFloat('cpuStealPercent', { nullable: true }),
    load1m: t.exposeFloat('load1m', { nullable: true }),
    load5m: t.exposeFloat('load5m', { nullable: true }),
    load15m: t.exposeFloat('load15m', { nullable: true }),
    memoryUsedBytes: t.expose('memoryUsedBytes', { type: 'BigInt', nullable: true }),
    memoryUsagePercent: t.exposeFloat('memoryUsagePercent', { nullable: true }),
    swapUsagePercent: t.exposeFloat('swapUsagePercent', { nullable: true }),
    processesTotal: t.exposeInt('processesTotal', { nullable: true }),
  }),
});

const LiveContainerRef = builder.objectRef<ContainerUpdatedEvent['containers'][number]>('LiveContainer').implement({
  description: 'A container of a host as of the newest report.',
  fields: (t) => ({
    id: t.exposeID('id'),
    containerId: t.exposeString('containerId', { description: "The container engine's id." }),
    name: t.exposeString('name'),
    image: t.exposeString('image', { nullable: true }),
    status: t.exposeString('status', { nullable: true }),
    cpuUsagePercent: t.exposeFloat('cpuUsagePercent', { nullable: true }),
    memoryUsedBytes: t.expose('memoryUsedBytes', { type: 'BigInt', nullable: true }),
    memoryUsagePercent: t.exposeFloat('memoryUsagePercent', { nullable: true }),
  }),
});

const ContainersUpdateRef = builder.objectRef<ContainerUpdatedEvent>('ContainersUpdate').implement({
  description: 'The containers of a host as of its newest report.',
  fields: (t) => ({
    hostId: t.exposeID('hostId'),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
    containers: t.field({ type: [LiveContainerRef], resolve: (event) => event.containers }),
  }),
});

const HostsUpdatedFilter = builder.inputType('HostsUpdatedFilter', {
  fields: (t) => ({
    status: t.string({ description: 'Only hosts entering or leaving this status: unknown, online, warning, critical or offline.' }),
    environment: t.string(),
    role: t.string(),
  }),
});

builder.subscriptionField('hostUpdated', (t) =>
  t.field({
    type: HostUpdateRef,
    description: 'Each status change and each new report of one host. Needs a read or admin key.',
    args: { hostId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => ctx.services.live.hostUpdates(requireAccess(ctx, 'read').projectId, parseId('hostId', args.hostId)),
    resolve: (event) => event,
  }),
);

builder.subscriptionField('hostsUpdated', (t) =>
  t.field({
    type: HostUpdateRef,
    description: "Fleet changes of the caller's project: new hosts and status changes, such as a host going offline.",
    args: { filter: t.arg({ type: HostsUpdatedFilter }) },
    subscribe: (_root, args, ctx) => {
      const principal = requireAccess(ctx, 'read');
      return ctx.services.live.fleetUpdates(principal.projectId, {
        status: parseHostStatus('filter.status', args.filter?.status),
        environment: args.filter?.environment ?? null,
        role: args.filter?.role ?? null,
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField('hostMetrics', (t) =>
  t.field({
    type: HostMetricsUpdateRef,
    description: 'Each new system sample of one host. Needs a read or admin key.',
    args: { hostId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => ctx.services.live.hostMetrics(requireAccess(ctx, 'read').projectId, parseId('hostId', args.hostId)),
    resolve: (event) => event,
  }),
);

builder.subscriptionField('containerUpdated', (t) =>
  t.field({
    type: ContainersUpdateRef,
    description: 'The containers of one host after each report that lists them. Needs a read or admin key.',
    args: { hostId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => ctx.services.live.containerUpdates(requireAccess(ctx, 'read').projectId, parseId('hostId', args.hostId)),
    resolve: (event) => event,
  }),
);
