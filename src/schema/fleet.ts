import { capacity, fleetOverview } from '../metrics/fleet-service.ts';
import { requireAccess } from './access.ts';
import { builder } from './builder.ts';

const CountRef = builder.simpleObject('Count', {
  fields: (t) => ({ value: t.string({ nullable: true, description: 'Null for hosts without a value.' }), count: t.int() }),
});

const TopHostRef = builder.simpleObject('TopHost', {
  fields: (t) => ({ hostId: t.id(), name: t.string(), value: t.float({ description: 'Usage in percent at the newest report.' }) }),
});

const FleetOverviewRef = builder.simpleObject('FleetOverview', {
  fields: (t) => ({
    totalHosts: t.int(),
    byStatus: t.field({ type: [CountRef] }),
    byEnvironment: t.field({ type: [CountRef] }),
    byRole: t.field({ type: [CountRef] }),
    byCloudProvider: t.field({ type: [CountRef] }),
    averageCpu: t.float({ nullable: true, description: 'Mean CPU usage of online, warning and critical hosts, in percent.' }),
    averageMemory: t.float({ nullable: true }),
    averageLoad: t.float({ nullable: true }),
    topCpu: t.field({ type: [TopHostRef], description: 'The five hosts with the highest CPU usage, each once.' }),
    topMemory: t.field({ type: [TopHostRef] }),
  }),
});

const CapacityRef = builder.simpleObject('Capacity', {
  fields: (t) => ({
    onlineHosts: t.int({ description: 'Hosts that are online, warning or critical.' }),
    totalCpuCores: t.int({ description: 'Logical CPUs of those hosts.' }),
    totalMemoryBytes: t.field({ type: 'BigInt' }),
    averageCpu: t.float({ nullable: true }),
    averageMemory: t.float({ nullable: true }),
    cpuHeadroom: t.float({ nullable: true, description: '100 minus the average CPU usage.' }),
    memoryHeadroom: t.float({ nullable: true }),
    canAddLoad: t.boolean({ description: 'Average CPU and memory usage are both below 70 %.' }),
  }),
});

builder.queryField('fleetOverview', (t) =>
  t.field({
    type: FleetOverviewRef,
    resolve: (_root, _args, ctx) => fleetOverview(ctx.services.pool, requireAccess(ctx, 'read').projectId),
  }),
);

builder.queryField('capacity', (t) =>
  t.field({
    type: CapacityRef,
    resolve: (_root, _args, ctx) => capacity(ctx.services.pool, requireAccess(ctx, 'read').projectId),
  }),
);
