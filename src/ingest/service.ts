import type pg from 'pg';
import { SentinelError } from '../errors.ts';
import type { EventPublisher } from '../events/types.ts';
import { reassignGroups } from '../groups/membership.ts';
import type { Logger } from '../logger.ts';
import { publishBatchEvents } from './batch-events.ts';
import { BatchWriter, type BatchOutcome, type IngestRequest, type RequestOutcome } from './batch-writer.ts';
import { ContainerRegistry } from './container-registry.ts';
import { GroupCommit, type GroupCommitOptions, type GroupCommitStats } from './group-commit.ts';
import { hostKey, HostRegistry } from './host-registry.ts';
import type { IngestResult, ReportBatch } from './report-types.ts';
import { normalizeBatch } from './validate.ts';

/** Limits of the group commit: the wait for more requests and the size of one transaction. */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = {
  // Long enough for concurrent agents to share a transaction, short next to the
  // 10 s report interval.
  windowMs: 5,
  maxItems: 500,
  maxWeight: 20_000,
  // While PostgreSQL writes one batch, Node prepares and sends the next
  // (measurements in bench/ingest/RESULTS.md).
  maxInFlight: 2,
};

// PostgreSQL's foreign_key_violation: a cached host or container was deleted.
const FOREIGN_KEY_VIOLATION = '23503';
const UNIQUE_VIOLATION = '23505';

/**
 * Stores agent reports. Requests of concurrent agents are validated on their own and
 * then written together (group commit); each call returns once its rows are committed.
 * After the commit, hosts whose system info was written are regrouped and events are
 * published.
 */
export class IngestService {
  private readonly writer: BatchWriter;
  private readonly commits: GroupCommit<IngestRequest, RequestOutcome>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly events: EventPublisher,
    options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {
    this.writer = new BatchWriter(pool, new HostRegistry(), new ContainerRegistry());
    this.commits = new GroupCommit((requests) => this.writeBatch(requests), requestWeight, requestHost, options);
  }

  async ingest(projectId: string, input: ReportBatch, now = new Date()): Promise<IngestResult> {
    const { batch, warnings } = normalizeBatch(input, now);
    const newest = batch.reports.at(-1)!;
    const clockSkewMs = now.getTime() - newest.collectedAt.getTime();

    const outcome = await this.commits.submit({ projectId, batch, warnings, clockSkewMs });
    return { ...outcome, clockSkewMs, warnings };
  }

  /** Counters of the group commit: batches written, requests, batches retried one by one. */
  get stats(): GroupCommitStats {
    return this.commits.stats;
  }

  /** Waits for every submitted request to be written. */
  async close(): Promise<void> {
    await this.commits.drain();
  }

  private async writeBatch(requests: IngestRequest[]): Promise<RequestOutcome[]> {
    const outcome = await this.writeOrRetry(requests);
    await this.afterCommit(requests, outcome);
    const rows = outcome.claimed.length;
    this.logger.debug({ requests: requests.length, reports: rows }, 'Wrote report batch');
    return outcome.requests;
  }

  private async writeOrRetry(requests: IngestRequest[]): Promise<BatchOutcome> {
    try {
      return await this.writer.write(requests);
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (code === UNIQUE_VIOLATION && requests.length === 1 && constraint?.startsWith('host_metrics')) {
        throw repeatedSampleError(requests[0]!);
      }
      if (code !== FOREIGN_KEY_VIOLATION) throw error;
      // A host or container in the cache was deleted since it was cached: write again
      // with the cache bypassed, which recreates a host that keeps reporting.
      this.logger.warn({ requests: requests.length }, 'Retry report batch without cached ids');
      this.writer.forget(requests);
      return await this.writer.write(requests);
    }
  }

  // Runs after COMMIT: its failures are logged, never reported to the agents, because
  // their reports are stored and a retry would only come back as duplicates.
  private async afterCommit(requests: IngestRequest[], outcome: BatchOutcome): Promise<void> {
    for (const [projectId, hostIds] of outcome.writtenHosts) {
      try {
        await reassignGroups(this.pool, projectId, hostIds);
      } catch (error) {
        this.logger.error({ err: error, projectId, hosts: hostIds.length }, 'Failed to assign host groups');
      }
    }

    const projectOfHost = new Map<string, string>();
    requests.forEach((request, index) => projectOfHost.set(outcome.requests[index]!.hostId, request.projectId));
    try {
      publishBatchEvents(this.events, outcome, projectOfHost);
    } catch (error) {
      this.logger.error({ err: error }, 'Failed to publish ingest events');
    }
  }
}

// Another report id of the same host and collectedAt is stored already. Sending the
// request again cannot succeed, so the agent gets an expected error naming the reports.
function repeatedSampleError(request: IngestRequest): SentinelError {
  const collectedAt = request.batch.reports.map((report) => report.collectedAt.toISOString());
  return new SentinelError(
    'INVALID_REPORT',
    `Invalid report: reports[].collectedAt = ${JSON.stringify(collectedAt)}: another report of this host with the same collectedAt is stored already`,
    { field: 'reports[].collectedAt', value: collectedAt, reportId: null },
  );
}

// Requests of one host are never in two batches in flight at once: the batches in
// flight then lock disjoint rows, and one host's reports are written in order.
function requestHost(request: IngestRequest): string {
  return hostKey(request.projectId, request.batch.agentId);
}

// Rows a request writes, which bounds how many requests share one transaction.
function requestWeight(request: IngestRequest): number {
  let rows = 0;
  for (const report of request.batch.reports) {
    rows += 1 + (report.disks?.length ?? 0) + (report.network?.length ?? 0);
    rows += (report.processes?.length ?? 0) + (report.containers?.length ?? 0);
  }
  return rows;
}
