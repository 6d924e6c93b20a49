import { McpCapacityDocument, McpFleetOverviewDocument, type McpCapacityFieldsFragment } from '../generated/graphql.ts';
import { percent, plural, round, toNumber } from '../format.ts';
import { defineTool } from '../tool.ts';

const GIB = 1024 ** 3;

function capacityData(capacity: McpCapacityFieldsFragment) {
  return {
    online_hosts: capacity.onlineHosts,
    total_cpu_cores: capacity.totalCpuCores,
    total_memory_gb: round(toNumber(capacity.totalMemoryBytes)! / GIB),
    avg_cpu_usage: round(capacity.averageCpu),
    avg_memory_usage: round(capacity.averageMemory),
    cpu_headroom: round(capacity.cpuHeadroom),
    memory_headroom: round(capacity.memoryHeadroom),
    can_add_load: capacity.canAddLoad,
  };
}

function countsByValue(counts: { value: string | null; count: number }[]): Record<string, number> {
  return Object.fromEntries(counts.map((entry) => [entry.value ?? 'unset', entry.count]));
}

export const fleetOverviewTool = defineTool({
  name: 'sentinel_fleet_overview',
  title: 'Fleet overview',
  description: 'Get an overview of all hosts: counts by status, environment and role, average usage, capacity and the busiest hosts.',
  inputSchema: {},
  async run(_args, execute) {
    const { fleetOverview: fleet, capacity } = await execute(McpFleetOverviewDocument, {});
    const byStatus = countsByValue(fleet.byStatus);
    const topCpu = fleet.topCpu.map((host) => ({ name: host.name, value: round(host.value) }));
    const topMemory = fleet.topMemory.map((host) => ({ name: host.name, value: round(host.value) }));

    return {
      summary:
        `${plural(fleet.totalHosts, 'host')}: ${byStatus.online ?? 0} online, ${byStatus.warning ?? 0} warning, ` +
        `${byStatus.critical ?? 0} critical, ${byStatus.offline ?? 0} offline. Average CPU ${percent(fleet.averageCpu)}, ` +
        `memory ${percent(fleet.averageMemory)}. Busiest by CPU: ${topCpu.map((host) => host.name).join(', ') || 'none'}.`,
      data: {
        hosts: {
          total: fleet.totalHosts,
          online: byStatus.online ?? 0,
          offline: byStatus.offline ?? 0,
          warning: byStatus.warning ?? 0,
          critical: byStatus.critical ?? 0,
          unknown: byStatus.unknown ?? 0,
        },
        by_environment: countsByValue(fleet.byEnvironment),
        by_role: countsByValue(fleet.byRole),
        resources: {
          avg_cpu: round(fleet.averageCpu),
          avg_memory: round(fleet.averageMemory),
          avg_load: round(fleet.averageLoad, 2),
        },
        capacity: capacityData(capacity),
        top_cpu: topCpu,
        top_memory: topMemory,
      },
    };
  },
});

export const capacityTool = defineTool({
  name: 'sentinel_capacity',
  title: 'Capacity headroom',
  description: 'Get the total CPU cores and memory of the reporting hosts, their average usage, headroom, and whether load can be added.',
  inputSchema: {},
  async run(_args, execute) {
    const { capacity } = await execute(McpCapacityDocument, {});
    const data = capacityData(capacity);
    return {
      summary:
        `${plural(data.online_hosts, 'reporting host')} with ${plural(data.total_cpu_cores, 'CPU')} and ${data.total_memory_gb} GiB of memory. ` +
        `Headroom: CPU ${percent(capacity.cpuHeadroom)}, memory ${percent(capacity.memoryHeadroom)}. ` +
        (data.can_add_load ? 'Load can be added.' : 'Adding load is not advised (average CPU or memory at 70% or more).'),
      data,
    };
  },
});
