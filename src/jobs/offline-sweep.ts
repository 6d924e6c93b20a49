import type { Config } from '../config.ts';
import type { Pool } from '../db/pool.ts';
import type { HostUpdatedEvent } from '../events/types.ts';
import type { HostStatus } from '../health/evaluate.ts';
import type { Job } from './job.ts';

export const OFFLINE_SWEEP_INTERVAL_MS = 15_000;
const MISSED_REPORTS_BEFORE_OFFLINE = 3;
const MIN_OFFLINE_AFTER_MS = 120_000;

/** Silence after which a host is offline: three report intervals, and at least 2 minutes. */
export function offlineAfterMs(config: Pick<Config, 'agentIntervalSeconds'>): number {
  return Math.max(MISSED_REPORTS_BEFORE_OFFLINE * config.agentIntervalSeconds * 1000, MIN_OFFLINE_AFTER_MS);
}

type OfflineRow = {
  project_id: string;
  id: string;
  name: string;
  previous_status: HostStatus;
  cpu_usage_percent: number | null;
  memory_usage_percent: number | null;
  load_1m: number | null;
  last_seen_at: Date | null;
  updated_at: Date;
};

/**
 * Marks every host that stopped reporting as offline, in one statement for the whole
 * fleet, and returns the changed hosts with the status each had before.
 */
export async function markSilentHostsOffline(pool: Pool, silenceMs: number): Promise<HostUpdatedEvent[]> {
  // FOR UPDATE makes a host that ingest is updating wait, and then re-checks it with
  // the committed last_seen_at, so a host that just reported is not marked offline
  // and previous_status is the status as of the update. Hosts that never reported
  // (last_seen_at NULL) keep their status.
  const { rows } = await pool.query<OfflineRow>(
    `-- Mark silent hosts offline
     WITH silent AS (
       SELECT id, status AS previous_status
       FROM hosts
       WHERE status <> 'offline' AND last_seen_at < now() - make_interval(secs => $1::double precision / 1000)
       FOR UPDATE
     )
     UPDATE hosts h
     SET status = 'offline', updated_at = now()
     FROM silent LEFT JOIN host_latest l ON l.host_id = silent.id
     WHERE h.id = silent.id
     RETURNING h.project_id, h.id, h.name, silent.previous_status, l.cpu_usage_percent,
               l.memory_usage_percent, l.load_1m, h.last_seen_at, h.updated_at`,
    [silenceMs],
  );

  return rows.map((row) => ({
    projectId: row.project_id,
    hostId: row.id,
    name: row.name,
    status: 'offline',
    previousStatus: row.previous_status,
    created: false,
    cpuUsagePercent: row.cpu_usage_percent,
    memoryUsagePercent: row.memory_usage_percent,
    load1m: row.load_1m,
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  }));
}

/** Publishes `hostUpdated` for each host that went offline since the previous sweep. */
export const offlineSweepJob: Job = {
  name: 'offline-sweep',
  intervalMs: OFFLINE_SWEEP_INTERVAL_MS,
  async run({ pool, config, events, logger }) {
    const changed = await markSilentHostsOffline(pool, offlineAfterMs(config));
    for (const event of changed) events.publish('hostUpdated', event);
    if (changed.length > 0) {
      logger.info({ hosts: changed.length, hostIds: changed.slice(0, 20).map((event) => event.hostId) }, 'Marked hosts offline');
    }
  },
};
