import { cleanOptionalText, cleanText } from './clean.ts';
import { MAX_DISKS_PER_REPORT, MAX_INTERFACES_PER_REPORT, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from './limits.ts';
import { FieldProblem, firstNumberProblem, guardCounters, type CounterKind } from './number-rules.ts';
import type { DiskMetrics, NetworkInterfaceMetrics } from './report-types.ts';
import { cutList, type ReportContext } from './report-context.ts';

const DISK_COUNTERS = {
  readBytes: 'bytes',
  writeBytes: 'bytes',
  readOps: 'operations',
  writeOps: 'operations',
} as const satisfies Partial<Record<keyof DiskMetrics, CounterKind>>;

const NETWORK_COUNTERS = {
  bytesSent: 'bytes',
  bytesReceived: 'bytes',
  packetsSent: 'packets',
  packetsReceived: 'packets',
  errorsIn: 'packets',
  errorsOut: 'packets',
  dropsIn: 'packets',
  dropsOut: 'packets',
} as const satisfies Partial<Record<keyof NetworkInterfaceMetrics, CounterKind>>;

const DISK_COUNTER_FIELDS = new Set(Object.keys(DISK_COUNTERS));
const NETWORK_COUNTER_FIELDS = new Set(Object.keys(NETWORK_COUNTERS));

/**
 * Cleans the disks of a report: one entry per device and mount point (the last one
 * wins), usage percentages recomputed from the sizes, implausible I/O deltas nulled.
 * Throws a FieldProblem for an invalid number or a missing device or mount point.
 */
export function normalizeDisks(disks: DiskMetrics[], context: ReportContext): DiskMetrics[] {
  const byKey = new Map<string, DiskMetrics>();
  cutList(disks, MAX_DISKS_PER_REPORT, 'disks', context).forEach((disk, index) => {
    const path = `${context.path}.disks[${index}]`;
    const device = requiredText(disk.device, MAX_PATH_LENGTH, `${path}.device`);
    const mountPoint = requiredText(disk.mountPoint, MAX_PATH_LENGTH, `${path}.mountPoint`);
    const problem = firstNumberProblem(path, disk, { skip: DISK_COUNTER_FIELDS });
    if (problem) throw problem;
    const guarded = guardCounters(disk, DISK_COUNTERS, { ...context, path });
    if (guarded.problem) throw guarded.problem;

    byKey.set(`${device}\u0000${mountPoint}`, {
      ...guarded.values,
      device,
      mountPoint,
      filesystem: cleanOptionalText(disk.filesystem, MAX_NAME_LENGTH),
      readOnly: disk.readOnly ?? null,
      usagePercent: sharePercent(disk.usagePercent, disk.usedBytes, disk.totalBytes),
      inodesUsagePercent: sharePercent(disk.inodesUsagePercent, disk.inodesUsed, disk.inodesTotal),
    });
  });
  return [...byKey.values()];
}

/** Cleans the network interfaces of a report: one entry per name, implausible deltas nulled. */
export function normalizeInterfaces(interfaces: NetworkInterfaceMetrics[], context: ReportContext): NetworkInterfaceMetrics[] {
  const byName = new Map<string, NetworkInterfaceMetrics>();
  cutList(interfaces, MAX_INTERFACES_PER_REPORT, 'network', context).forEach((entry, index) => {
    const path = `${context.path}.network[${index}]`;
    const name = requiredText(entry.name, MAX_NAME_LENGTH, `${path}.name`);
    const problem = firstNumberProblem(path, entry, { skip: NETWORK_COUNTER_FIELDS });
    if (problem) throw problem;
    const guarded = guardCounters(entry, NETWORK_COUNTERS, { ...context, path });
    if (guarded.problem) throw guarded.problem;
    byName.set(name, { ...guarded.values, name });
  });
  return [...byName.values()];
}

function requiredText(value: string, maxLength: number, path: string): string {
  const text = cleanText(value, maxLength).trim();
  if (text === '') throw new FieldProblem(path, value, 'must not be empty');
  return text;
}

// A filesystem of unknown or zero size has no meaningful usage: pseudo filesystems
// report 0 bytes, and dividing by zero would give NaN or 100%.
function sharePercent(reported: number | null | undefined, used: number | null | undefined, total: number | null | undefined): number | null {
  if (total === null || total === undefined || total === 0) return null;
  if (reported !== null && reported !== undefined) return reported;
  if (used === null || used === undefined) return null;
  return Math.min(100, (used / total) * 100);
}
