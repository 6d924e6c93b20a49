// The baseline of the ingest benchmark: the same rows as the API writes, put straight
// into the same tables with one COPY per table and one transaction per batch of reports.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { buildSeriesRows, type ClaimedReport } from '../../src/ingest/batch-rows.ts';
import { containerKey } from '../../src/ingest/container-registry.ts';
import { copyText } from '../../src/ingest/copy.ts';
import { SERIES_TABLES } from '../../src/ingest/series-columns.ts';
import type { AgentReport } from '../../src/ingest/report-types.ts';
import { fullReport } from './fixture.ts';

export type RawCopyResult = { rows: number; elapsedMs: number };

/** Copies batches of `reportsPerBatch` full reports for `seconds` and counts the rows. */
export async function measureRawCopy(pool: pg.Pool, seconds: number, reportsPerBatch: number): Promise<RawCopyResult> {
  const hostId = randomUUID();
  const template = fullReport();
  const containerIds = new Map(template.containers.map((container) => [containerKey(hostId, container.containerId), randomUUID()]));
  const report = (collectedAt: Date): AgentReport => ({
    ...template,
    collectedAt,
    processes: template.processes.map((process) => ({ ...process, startedAt: new Date(process.startedAt) })),
    containers: template.containers.map((container) => ({ ...container, startedAt: new Date(container.startedAt) })),
  });

  let rows = 0;
  let collectedAt = Date.now() - 3_600_000;
  const started = performance.now();
  const client = await pool.connect();
  try {
    while (performance.now() - started < seconds * 1_000) {
      const claimed: ClaimedReport[] = Array.from({ length: reportsPerBatch }, () => ({ hostId, report: report(new Date(collectedAt++)) }));
      const series = buildSeriesRows(claimed, containerIds);
      await client.query('BEGIN');
      for (const [table, columns, part] of SERIES_TABLES) {
        await copyText(client, table, columns, series[part]);
        rows += series[part].rows;
      }
      await client.query('COMMIT');
    }
  } finally {
    client.release();
  }
  return { rows, elapsedMs: performance.now() - started };
}
