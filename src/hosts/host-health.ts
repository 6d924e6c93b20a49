import { evaluateHealth, type HealthIssue, type HostStatus } from '../health/evaluate.ts';
import { countsForDiskHealth } from '../health/filesystems.ts';

export type HostHealthSource = {
  status: string;
  cpuCores: number | null;
  cpuThreads: number | null;
  latest: { cpuUsagePercent: number | null; memoryUsagePercent: number | null; load1m: number | null } | null;
  disks: { mountPoint: string; usagePercent: number | null; filesystem: string | null; readOnly: boolean | null; totalBytes: bigint | null }[];
};

/**
 * Computes a host's health from its stored latest values. A host that never reported
 * is `unknown` with no issues; an offline host has the single offline issue.
 */
export function hostHealth(host: HostHealthSource): { status: HostStatus; issues: HealthIssue[] } {
  if (host.status !== 'offline' && host.latest === null) return { status: 'unknown', issues: [] };

  return evaluateHealth({
    online: host.status !== 'offline',
    cpuUsagePercent: host.latest?.cpuUsagePercent ?? null,
    memoryUsagePercent: host.latest?.memoryUsagePercent ?? null,
    load1m: host.latest?.load1m ?? null,
    cpuCount: host.cpuThreads ?? host.cpuCores,
    disks: host.disks.filter((disk) => countsForDiskHealth({ ...disk, totalBytes: disk.totalBytes === null ? null : Number(disk.totalBytes) })).map(({ mountPoint, usagePercent }) => ({ mountPoint, usagePercent })),
  });
}
