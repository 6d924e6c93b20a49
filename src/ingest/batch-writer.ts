import type pg from 'pg';
import { buildLatestRows, buildSeriesRows, containerSightings, type ClaimedReport } from './batch-rows.ts';
import type { ContainerRegistry } from './container-registry.ts';
import { copyText } from './copy.ts';
import { hostKey, systemInfoHash, type HostRegistry, type HostUpsert } from './host-registry.ts';
import { updateHostStatus, type HostSeen, type HostState } from './host-status.ts';
import { buildLatestStatement, writeLatest } from './latest-tables.ts';
import type { ReportBatch, ReportWarning } from './report-types.ts';
import { SERIES_TABLES } from './series-columns.ts';

/** One validated reportMetrics request waiting to be written. */
export type IngestRequest = {
  projectId: string;
  batch: ReportBatch;
  warnings: ReportWarning[];
  clockSkewMs: number;
};

export type RequestOutcome = { hostId: string; accepted: string[]; duplicates: string[] };

/** Result of a committed batch, for the work that follows the commit. */
export type BatchOutcome = {
  requests: RequestOutcome[];
  hosts: HostState[];
  // Hosts created by this batch, by id.
  createdHostIds: Set<string>;
  // Hosts whose row this batch wrote (new, changed or refreshed), by project.
  writtenHosts: Map<string, string[]>;
  claimed: ClaimedReport[];
  containerIds: Map<string, string>;
};

/**
 * Writes a batch of requests in one transaction: hosts that the cache cannot vouch for,
 * the report id claims, containers, one COPY per series table, the latest tables and
 * host status. Only reports whose id this transaction claimed are written, so a report
 * is stored once however often and however concurrently it is sent.
 */
export class BatchWriter {
  private latestStatement: string | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly hosts: HostRegistry,
    private readonly containers: ContainerRegistry,
  ) {}

  async write(requests: IngestRequest[]): Promise<BatchOutcome> {
    const now = Date.now();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { hostIds, upserts, createdHostIds } = await this.resolveHosts(client, requests, now);
      const { outcomes, claimed } = await claimReports(client, requests, hostIds);
      const resolved = await this.containers.resolve(client, containerSightings(claimed), now);

      const series = buildSeriesRows(claimed, resolved.ids);
      for (const [table, columns, part] of SERIES_TABLES) await copyText(client, table, columns, series[part]);
      const seen = hostsSeen(requests, outcomes, new Date(now));
      this.latestStatement ??= await buildLatestStatement(client);
      const health = await writeLatest(client, this.latestStatement, buildLatestRows(claimed, resolved.ids), seen.map((entry) => entry.hostId));
      const hosts = await updateHostStatus(client, seen, health);
      await client.query('COMMIT');

      for (const upsert of upserts) this.hosts.remember(upsert.key, hostIds.get(upsert.key)!, upsert.infoHash, now);
      resolved.commit();

      const writtenHosts = new Map<string, string[]>();
      for (const upsert of upserts) {
        const ids = writtenHosts.get(upsert.projectId) ?? [];
        ids.push(hostIds.get(upsert.key)!);
        writtenHosts.set(upsert.projectId, ids);
      }
      return { requests: outcomes, hosts, createdHostIds, writtenHosts, claimed, containerIds: resolved.ids };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Forgets cached hosts and containers of requests, after a write that may have met deleted rows. */
  forget(requests: IngestRequest[]): void {
    for (const request of requests) this.hosts.forget(hostKey(request.projectId, request.batch.agentId));
    this.containers.clear();
  }

  private async resolveHosts(client: pg.PoolClient, requests: IngestRequest[], now: number) {
    const hostIds = new Map<string, string>();
    const pending = new Map<string, HostUpsert>();
    for (const { projectId, batch } of requests) {
      const key = hostKey(projectId, batch.agentId);
      const infoHash = systemInfoHash(batch);
      const cached = this.hosts.cachedHostId(key, infoHash, now);
      // The last request of an agent in the batch carries its newest system info.
      if (cached) hostIds.set(key, cached);
      else pending.set(key, { key, projectId, batch, infoHash });
    }
    const upserts = [...pending.values()];
    const createdHostIds = new Set<string>();
    for (const registered of await this.hosts.upsert(client, upserts)) {
      hostIds.set(registered.key, registered.hostId);
      if (registered.created) createdHostIds.add(registered.hostId);
    }
    return { hostIds, upserts, createdHostIds };
  }
}

async function claimReports(client: pg.PoolClient, requests: IngestRequest[], hostIds: Map<string, string>) {
  // A report id sent twice within the batch is claimed by its first occurrence only.
  const firstOccurrence = new Map<string, { hostId: string; collectedAt: Date }>();
  for (const { projectId, batch } of requests) {
    const hostId = hostIds.get(hostKey(projectId, batch.agentId))!;
    for (const report of batch.reports) {
      if (!firstOccurrence.has(report.id)) firstOccurrence.set(report.id, { hostId, collectedAt: report.collectedAt });
    }
  }
  const ids = [...firstOccurrence.keys()].sort();
  const { rows } = await client.query<{ report_id: string }>(
    `-- Claim report ids
     INSERT INTO ingested_reports (report_id, host_id, collected_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])
     ON CONFLICT (report_id) DO NOTHING
     RETURNING report_id`,
    [ids, ids.map((id) => firstOccurrence.get(id)!.hostId), ids.map((id) => firstOccurrence.get(id)!.collectedAt)],
  );
  const newlyClaimed = new Set(rows.map((row) => row.report_id));

  const outcomes: RequestOutcome[] = [];
  const claimed: ClaimedReport[] = [];
  for (const { projectId, batch } of requests) {
    const hostId = hostIds.get(hostKey(projectId, batch.agentId))!;
    const outcome: RequestOutcome = { hostId, accepted: [], duplicates: [] };
    for (const report of batch.reports) {
      // delete() makes a later occurrence of the same id, in this or another request, a duplicate.
      if (newlyClaimed.delete(report.id)) {
        outcome.accepted.push(report.id);
        claimed.push({ hostId, report });
      } else {
        outcome.duplicates.push(report.id);
      }
    }
    outcomes.push(outcome);
  }
  return { outcomes, claimed };
}

function hostsSeen(requests: IngestRequest[], outcomes: RequestOutcome[], seenAt: Date): HostSeen[] {
  const byHost = new Map<string, HostSeen>();
  requests.forEach((request, index) => {
    const hostId = outcomes[index]!.hostId;
    byHost.set(hostId, { hostId, seenAt, clockSkewMs: request.clockSkewMs });
  });
  return [...byHost.values()];
}
