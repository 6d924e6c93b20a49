import type pg from 'pg';
import { evaluateHealth, type HostStatus } from '../health/evaluate.ts';
import type { Logger } from '../logger.ts';
import { HOST_METRIC_COLUMNS, hostMetricRow } from './host-metric-columns.ts';
import type { IngestResult, ReportBatch } from './report-types.ts';
import { validateBatch } from './validate.ts';

export type HostChange = { projectId: string; hostId: string; status: HostStatus; previousStatus: HostStatus };

const LATEST_COLUMNS = HOST_METRIC_COLUMNS.map(([column]) => column);

/**
 * Stores agent reports. A batch is written in one transaction: the host is created or
 * updated by (project, agent id), each report id is claimed in ingested_reports so a
 * retried report is stored once, and the host's latest values and status follow the
 * newest report.
 */
export class IngestService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly onHostChanged: (change: HostChange) => void = () => undefined,
  ) {}

  async ingest(projectId: string, batch: ReportBatch, now = new Date()): Promise<IngestResult> {
    validateBatch(batch, now);
    const reports = [...batch.reports].sort((a, b) => a.collectedAt.getTime() - b.collectedAt.getTime());
    const newest = reports.at(-1)!;
    const clockSkewMs = now.getTime() - newest.collectedAt.getTime();

    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const host = await upsertHost(client, projectId, batch, clockSkewMs, now);

      const claimed = await client.query<{ report_id: string }>(
        `-- Claim report ids
         INSERT INTO ingested_reports (report_id, host_id, collected_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
         ON CONFLICT (report_id) DO NOTHING
         RETURNING report_id`,
        [reports.map((r) => r.id), reports.map(() => host.id), reports.map((r) => r.collectedAt)],
      );
      const acceptedIds = new Set(claimed.rows.map((row) => row.report_id));
      const accepted = reports.filter((report) => acceptedIds.has(report.id));

      const rows = accepted.flatMap((report) =>
        report.system ? [hostMetricRow(host.id, report.collectedAt, report.system)] : [],
      );
      if (rows.length > 0) {
        await client.query(
          `-- Insert host samples
           INSERT INTO host_metrics SELECT * FROM jsonb_populate_recordset(NULL::host_metrics, $1::jsonb)`,
          [JSON.stringify(rows)],
        );
        await upsertLatest(client, rows.at(-1)!);
      }

      const status = await refreshStatus(client, host.id);
      await client.query('COMMIT');

      if (status !== host.previousStatus) {
        this.onHostChanged({ projectId, hostId: host.id, status, previousStatus: host.previousStatus });
      }
      this.logger.debug({ hostId: host.id, accepted: accepted.length }, 'Stored reports');
      return {
        hostId: host.id,
        accepted: accepted.map((report) => report.id),
        duplicates: reports.filter((report) => !acceptedIds.has(report.id)).map((report) => report.id),
        clockSkewMs,
        warnings: [],
      };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

async function upsertHost(
  client: pg.PoolClient,
  projectId: string,
  batch: ReportBatch,
  clockSkewMs: number,
  now: Date,
): Promise<{ id: string; previousStatus: HostStatus }> {
  const info = batch.systemInfo;
  // The previous status is read in the same statement, before the update, so that the
  // status change can be published after commit.
  const result = await client.query<{ id: string; previous_status: HostStatus | null }>(
    `-- Register or update host
     WITH previous AS (
       SELECT status FROM hosts WHERE project_id = $1 AND agent_id = $2
     )
     INSERT INTO hosts (
       project_id, agent_id, name, hostname, os, os_version, kernel_version, architecture,
       cpu_model, cpu_cores, cpu_threads, memory_total_bytes, swap_total_bytes,
       ip_addresses, public_ip, private_ip, mac_addresses,
       cloud_provider, cloud_region, cloud_zone, instance_type, instance_id,
       agent_version, agent_started_at, boot_time, last_seen_at, clock_skew_ms
     ) VALUES (
       $1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
       $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26
     )
     ON CONFLICT (project_id, agent_id) DO UPDATE SET
       hostname = EXCLUDED.hostname,
       os = EXCLUDED.os, os_version = EXCLUDED.os_version,
       kernel_version = EXCLUDED.kernel_version, architecture = EXCLUDED.architecture,
       cpu_model = EXCLUDED.cpu_model, cpu_cores = EXCLUDED.cpu_cores, cpu_threads = EXCLUDED.cpu_threads,
       memory_total_bytes = EXCLUDED.memory_total_bytes, swap_total_bytes = EXCLUDED.swap_total_bytes,
       ip_addresses = EXCLUDED.ip_addresses, public_ip = EXCLUDED.public_ip,
       private_ip = EXCLUDED.private_ip, mac_addresses = EXCLUDED.mac_addresses,
       cloud_provider = EXCLUDED.cloud_provider, cloud_region = EXCLUDED.cloud_region,
       cloud_zone = EXCLUDED.cloud_zone, instance_type = EXCLUDED.instance_type,
       instance_id = EXCLUDED.instance_id, agent_version = EXCLUDED.agent_version,
       agent_started_at = EXCLUDED.agent_started_at, boot_time = EXCLUDED.boot_time,
       last_seen_at = EXCLUDED.last_seen_at, clock_skew_ms = EXCLUDED.clock_skew_ms,
       updated_at = now()
     RETURNING id, (SELECT status FROM previous) AS previous_status`,
    [
      projectId,
      batch.agentId,
      info.hostname,
      info.os ?? null,
      info.osVersion ?? null,
      info.kernelVersion ?? null,
      info.architecture ?? null,
      info.cpuModel ?? null,
      info.cpuCores ?? null,
      info.cpuThreads ?? null,
      info.memoryTotalBytes ?? null,
      info.swapTotalBytes ?? null,
      info.ipAddresses ?? [],
      info.publicIp ?? null,
      info.privateIp ?? null,
      info.macAddresses ?? [],
      info.cloudProvider ?? null,
      info.cloudRegion ?? null,
      info.cloudZone ?? null,
      info.instanceType ?? null,
      info.instanceId ?? null,
      batch.agentVersion ?? null,
      batch.agentStartedAt ?? null,
      info.bootTime ?? null,
      now,
      clockSkewMs,
    ],
  );
  const row = result.rows[0]!;
  return { id: row.id, previousStatus: row.previous_status ?? 'unknown' };
}

async function upsertLatest(client: pg.PoolClient, row: Record<string, unknown>): Promise<void> {
  const updates = LATEST_COLUMNS.map((column) => `${column} = EXCLUDED.${column}`).join(', ');
  await client.query(
    `-- Update latest host sample
     INSERT INTO host_latest (host_id, recorded_at, ${LATEST_COLUMNS.join(', ')})
     SELECT host_id, recorded_at, ${LATEST_COLUMNS.join(', ')}
     FROM jsonb_populate_record(NULL::host_latest, $1::jsonb)
     ON CONFLICT (host_id) DO UPDATE SET recorded_at = EXCLUDED.recorded_at, ${updates}
     WHERE host_latest.recorded_at <= EXCLUDED.recorded_at`,
    [JSON.stringify(row)],
  );
}

async function refreshStatus(client: pg.PoolClient, hostId: string): Promise<HostStatus> {
  const { rows } = await client.query<{
    cpu_usage_percent: number | null;
    memory_usage_percent: number | null;
    load_1m: number | null;
    cpu_count: number | null;
    disk_max_usage_percent: number | null;
  }>(
    `-- Read host health inputs
     SELECT l.cpu_usage_percent, l.memory_usage_percent, l.load_1m, l.disk_max_usage_percent,
            COALESCE(h.cpu_threads, h.cpu_cores) AS cpu_count
     FROM hosts h LEFT JOIN host_latest l ON l.host_id = h.id
     WHERE h.id = $1`,
    [hostId],
  );
  const row = rows[0]!;
  const { status } = evaluateHealth({
    online: true,
    cpuUsagePercent: row.cpu_usage_percent,
    memoryUsagePercent: row.memory_usage_percent,
    load1m: row.load_1m,
    cpuCount: row.cpu_count,
    disks:
      row.disk_max_usage_percent === null ? [] : [{ mountPoint: '*', usagePercent: row.disk_max_usage_percent }],
  });
  await client.query('UPDATE hosts SET status = $2 WHERE id = $1 AND status <> $2', [hostId, status]);
  return status;
}
