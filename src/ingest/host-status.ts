import type pg from 'pg';
import { evaluateHealth, type HostStatus } from '../health/evaluate.ts';
import type { HealthRow } from './latest-tables.ts';
import { inLockOrder } from './lock-order.ts';

/** Sighting of one host in a batch: when it was seen and its clock skew. */
export type HostSeen = { hostId: string; seenAt: Date; clockSkewMs: number };

/** A host after its batch, as hostUpdated publishes it. */
export type HostState = {
  hostId: string;
  name: string;
  status: HostStatus;
  previousStatus: HostStatus;
  cpuUsagePercent: number | null;
  memoryUsagePercent: number | null;
  load1m: number | null;
  lastSeenAt: Date;
  updatedAt: Date;
};

/**
 * Sets last_seen_at, clock_skew_ms and status of the hosts of a batch. Status comes
 * from `health`, read from host_latest as it is after the batch's writes, so a
 * late buffered report does not decide it. Runs inside the batch transaction.
 */
export async function updateHostStatus(client: pg.PoolClient, seen: HostSeen[], health: HealthRow[]): Promise<HostState[]> {
  if (seen.length === 0) return [];
  const sorted = inLockOrder(seen, (entry) => entry.hostId);
  const byId = new Map(health.map((row) => [row.id, row]));

  const states: HostState[] = [];
  for (const entry of sorted) {
    const row = byId.get(entry.hostId);
    if (!row) continue;
    const { status } = evaluateHealth({
      online: true,
      cpuUsagePercent: row.cpu_usage_percent,
      memoryUsagePercent: row.memory_usage_percent,
      load1m: row.load_1m,
      cpuCount: row.cpu_count,
      disks: row.disk_max_usage_percent === null ? [] : [{ mountPoint: 'fullest', usagePercent: row.disk_max_usage_percent }],
    });
    states.push({
      hostId: row.id,
      name: row.name,
      status,
      previousStatus: row.status,
      cpuUsagePercent: row.cpu_usage_percent,
      memoryUsagePercent: row.memory_usage_percent,
      load1m: row.load_1m,
      lastSeenAt: entry.seenAt,
      updatedAt: entry.seenAt,
    });
  }

  const skewById = new Map(sorted.map((entry) => [entry.hostId, entry.clockSkewMs]));
  await client.query({
    name: 'ingest-record-host-status',
    text: `-- Record host status and last contact
     UPDATE hosts AS h
     SET last_seen_at = v.seen_at, clock_skew_ms = v.clock_skew_ms, status = v.status, updated_at = v.seen_at
     FROM unnest($1::uuid[], $2::timestamptz[], $3::float8[], $4::text[]) AS v (id, seen_at, clock_skew_ms, status)
     WHERE h.id = v.id`,
    values: [
      states.map((state) => state.hostId),
      states.map((state) => state.lastSeenAt),
      states.map((state) => skewById.get(state.hostId) ?? null),
      states.map((state) => state.status),
    ],
  });
  return states;
}
