// Measures the CPU time of one full report's steps in the API, without HTTP or the
// database: JSON parsing, GraphQL variable coercion (graphql-js, as yoga runs it),
// normalization, the COPY text and the latest-table rows. Run from the repository root:
//   NODE_ENV=production node --import tsx bench/ingest/request-cost.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { buildLatestRows, buildSeriesRows } from '../../src/ingest/batch-rows.ts';
import { containerKey } from '../../src/ingest/container-registry.ts';
import type { ReportBatch } from '../../src/ingest/report-types.ts';
import { normalizeBatch } from '../../src/ingest/validate.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { fullInput, fullReport } from './fixture.ts';

const WARM_UP_RUNS = 200;
const MEASURED_RUNS = 2_000;

function measure(step: string, run: () => unknown): void {
  for (let index = 0; index < WARM_UP_RUNS; index += 1) run();
  const started = performance.now();
  for (let index = 0; index < MEASURED_RUNS; index += 1) run();
  const microseconds = ((performance.now() - started) / MEASURED_RUNS) * 1_000;
  console.log(`${step}: ${microseconds.toFixed(0)} µs`);
}

const schema = buildSchema();
const document = parse('mutation Report($input: ReportMetricsInput!) { reportMetrics(input: $input) { hostId } }');
const operation = document.definitions[0] as OperationDefinitionNode;
const body = JSON.stringify({ variables: { input: fullInput('agent', 'host', [fullReport()]) } });
const coerce = () => getVariableValues(schema, operation.variableDefinitions!, JSON.parse(body).variables);

console.log(`request body: ${body.length} bytes`);
measure('JSON.parse', () => JSON.parse(body));
measure('JSON.parse + variable coercion', coerce);

const input = coerce().coerced!.input as ReportBatch;
measure('normalizeBatch', () => normalizeBatch(input));

const { batch } = normalizeBatch(input);
const hostId = randomUUID();
const report = batch.reports[0]!;
const containerIds = new Map((report.containers ?? []).map((container) => [containerKey(hostId, container.containerId), randomUUID()]));
const claimed = [{ hostId, report }];
measure('series COPY text', () => buildSeriesRows(claimed, containerIds));
measure('latest rows as JSON', () => JSON.stringify(buildLatestRows(claimed, containerIds)));
