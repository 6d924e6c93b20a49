import type pg from 'pg';
import { currentAverages, fleetSummary, type TopHost } from './fleet-storage.ts';

const TOP_HOSTS = 5;
// New load fits while average CPU and memory usage both stay below this, in percent.
export const CAN_ADD_LOAD_BELOW_PERCENT = 70;

export type Count = { value: string | null; count: number };
export type FleetOverview = {
  totalHosts: number;
  byStatus: Count[];
  byEnvironment: Count[];
  byRole: Count[];
  byCloudProvider: Count[];
  averageCpu: number | null;
  averageMemory: number | null;
  averageLoad: number | null;
  topCpu: TopHost[];
  topMemory: TopHost[];
};

/**
 * Summarises a project's fleet from the hosts registry and host_latest, never scanning
 * the series. Averages and rankings cover hosts that are online, warning or critical.
 */
export async function fleetOverview(pool: pg.Pool, projectId: string): Promise<FleetOverview> {
  const summary = await fleetSummary(pool, projectId, TOP_HOSTS);
  const of = (dimension: string) =>
    summary.counts.filter((row) => row.dimension === dimension).map(({ value, count }) => ({ value, count })).sort((a, b) => b.count - a.count);
  const byStatus = of('status');

  return {
    totalHosts: byStatus.reduce((total, row) => total + row.count, 0),
    byStatus,
    byEnvironment: of('environment'),
    byRole: of('role'),
    byCloudProvider: of('cloudProvider'),
    averageCpu: summary.averageCpu,
    averageMemory: summary.averageMemory,
    averageLoad: summary.averageLoad,
    topCpu: summary.topCpu,
    topMemory: summary.topMemory,
  };
}

export type Capacity = {
  onlineHosts: number;
  totalCpuCores: number;
  totalMemoryBytes: number;
  averageCpu: number | null;
  averageMemory: number | null;
  cpuHeadroom: number | null;
  memoryHeadroom: number | null;
  canAddLoad: boolean;
};

/** Sums the resources of the hosts that are up and computes their usage headroom. */
export async function capacity(pool: pg.Pool, projectId: string): Promise<Capacity> {
  const averages = await currentAverages(pool, projectId);
  const { averageCpu, averageMemory } = averages;

  return {
    onlineHosts: averages.hosts,
    totalCpuCores: averages.totalCpuCores,
    totalMemoryBytes: averages.totalMemoryBytes,
    averageCpu,
    averageMemory,
    cpuHeadroom: averageCpu === null ? null : 100 - averageCpu,
    memoryHeadroom: averageMemory === null ? null : 100 - averageMemory,
    canAddLoad: averageCpu !== null && averageMemory !== null && averageCpu < CAN_ADD_LOAD_BELOW_PERCENT && averageMemory < CAN_ADD_LOAD_BELOW_PERCENT,
  };
}
