import { maxDiskUsagePercent } from '../health/filesystems.ts';
import { formatIsoInstant } from '../iso-instant.ts';
import { containerKey, type ContainerSighting } from './container-registry.ts';
import { CopyText } from './copy.ts';
import { HOST_METRIC_COLUMNS } from './host-metric-columns.ts';
import type { LatestRecord, LatestRows } from './latest-tables.ts';
import type { AgentReport } from './report-types.ts';
import { CONTAINER_METRIC_COLUMNS, DISK_METRIC_COLUMNS, NETWORK_METRIC_COLUMNS, PROCESS_SNAPSHOT_COLUMNS } from './series-columns.ts';

/** A report whose id this batch claimed, with the host it belongs to. */
export type ClaimedReport = { hostId: string; report: AgentReport };

/** The COPY body of each series table, in the column order of series-columns.ts. */
export type SeriesRows = {
  host: CopyText;
  disk: CopyText;
  network: CopyText;
  process: CopyText;
  container: CopyText;
};

/** Returns the newest sighting of each container of the claimed reports. */
export function containerSightings(claimed: ClaimedReport[]): ContainerSighting[] {
  const newest = new Map<string, ContainerSighting>();
  for (const { hostId, report } of claimed) {
    for (const container of report.containers ?? []) {
      const key = containerKey(hostId, container.containerId);
      const seen = newest.get(key);
      if (!seen || seen.seenAt <= report.collectedAt) newest.set(key, { hostId, container, seenAt: report.collectedAt });
    }
  }
  return [...newest.values()];
}

const fieldNames = (columns: readonly (readonly [string, string])[]) => columns.map(([, field]) => field);
const HOST_FIELDS = fieldNames(HOST_METRIC_COLUMNS);
const DISK_FIELDS = fieldNames(DISK_METRIC_COLUMNS);
const NETWORK_FIELDS = fieldNames(NETWORK_METRIC_COLUMNS);
const PROCESS_FIELDS = fieldNames(PROCESS_SNAPSHOT_COLUMNS);
const CONTAINER_FIELDS = fieldNames(CONTAINER_METRIC_COLUMNS);

/** Builds the COPY body of every series table, in the column order of series-columns.ts. */
export function buildSeriesRows(claimed: ClaimedReport[], containerIds: Map<string, string>): SeriesRows {
  const rows: SeriesRows = { host: new CopyText(), disk: new CopyText(), network: new CopyText(), process: new CopyText(), container: new CopyText() };
  for (const { hostId, report } of claimed) {
    // host_id and recorded_at start every row of a report: encoded once, not per row.
    const prefix = `${hostId}\t${formatIsoInstant(report.collectedAt)}\t`;
    if (report.system) rows.host.add(prefix, report.system, HOST_FIELDS);
    for (const disk of report.disks ?? []) rows.disk.add(prefix, disk, DISK_FIELDS);
    for (const entry of report.network ?? []) rows.network.add(prefix, entry, NETWORK_FIELDS);
    for (const process of report.processes ?? []) rows.process.add(prefix, process, PROCESS_FIELDS);
    for (const container of report.containers ?? []) {
      const id = containerIds.get(containerKey(hostId, container.containerId));
      if (!id || !container.stats) continue;
      rows.container.add(`${id}\t${prefix}`, container.stats, CONTAINER_FIELDS);
    }
  }
  return rows;
}

function record(base: LatestRecord, source: object, columns: readonly (readonly [string, string])[]): LatestRecord {
  const values = source as Record<string, unknown>;
  const result: LatestRecord = { ...base };
  for (const [column, field] of columns) result[column] = values[field] ?? null;
  return result;
}

// Keeps, per key, the record with the newest recorded_at.
function keepNewest(target: Map<string, LatestRecord>, key: string, candidate: LatestRecord): void {
  const current = target.get(key);
  if (!current || (current.recorded_at as Date) <= (candidate.recorded_at as Date)) target.set(key, candidate);
}

// Keeps the rows of each host's newest report: a mount or interface seen only in an
// older report of the batch is gone from the host, and its row is deleted instead.
function ofNewestReport(rows: Map<string, LatestRecord>, newest: Map<string, LatestRecord>): LatestRecord[] {
  return [...rows.values()].filter((row) => (row.recorded_at as Date).getTime() === (newest.get(row.host_id as string)!.recorded_at as Date).getTime());
}

/** Builds the rows of the latest tables: the newest value per host, mount, interface and container. */
export function buildLatestRows(claimed: ClaimedReport[], containerIds: Map<string, string>): LatestRows {
  const host = new Map<string, LatestRecord>();
  const disk = new Map<string, LatestRecord>();
  const network = new Map<string, LatestRecord>();
  const container = new Map<string, LatestRecord>();
  const diskTimes = new Map<string, LatestRecord>();
  const networkTimes = new Map<string, LatestRecord>();

  for (const { hostId, report } of claimed) {
    const base = { host_id: hostId, recorded_at: report.collectedAt };
    const disks = report.disks ?? [];
    if (report.system) {
      const latest = record(base, report.system, HOST_METRIC_COLUMNS);
      latest.disk_max_usage_percent = maxDiskUsagePercent(disks);
      keepNewest(host, hostId, latest);
    }
    if (disks.length > 0) keepNewest(diskTimes, hostId, base);
    for (const entry of disks) keepNewest(disk, `${hostId}\u0000${entry.mountPoint}`, record(base, entry, DISK_METRIC_COLUMNS));
    if ((report.network ?? []).length > 0) keepNewest(networkTimes, hostId, base);
    for (const entry of report.network ?? []) {
      keepNewest(network, `${hostId}\u0000${entry.name}`, record(base, entry, NETWORK_METRIC_COLUMNS));
    }
    for (const sample of report.containers ?? []) {
      const id = containerIds.get(containerKey(hostId, sample.containerId));
      if (!id || !sample.stats) continue;
      keepNewest(container, id, record({ ...base, container_id: id }, sample.stats, CONTAINER_METRIC_COLUMNS));
    }
  }

  return {
    host: [...host.values()],
    disk: ofNewestReport(disk, diskTimes),
    network: ofNewestReport(network, networkTimes),
    container: [...container.values()],
    diskReportTimes: [...diskTimes.values()] as LatestRows['diskReportTimes'],
    networkReportTimes: [...networkTimes.values()] as LatestRows['networkReportTimes'],
  };
}
