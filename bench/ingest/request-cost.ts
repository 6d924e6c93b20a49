// Measures the CPU time of one full report's steps in the API, without HTTP or the
// database: JSON parsing, GraphQL variable coercion (graphql-js, and the direct
// executor's coercer), the whole GraphQL
// handler with ingest stubbed (yoga, as the server runs it), normalization, the COPY
// text and the latest-table rows. Run from the repository root:
//   NODE_ENV=production node --import tsx bench/ingest/request-cost.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getVariableValues, parse, type GraphQLInputObjectType, type OperationDefinitionNode } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { buildLatestRows, buildSeriesRows } from '../../src/ingest/batch-rows.ts';
import { containerKey } from '../../src/ingest/container-registry.ts';
import { encodeLatestRows } from '../../src/ingest/latest-tables.ts';
import type { ReportBatch } from '../../src/ingest/report-types.ts';
import { normalizeBatch } from '../../src/ingest/validate.ts';
import { createLogger } from '../../src/logger.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { compileInputCoercer } from '../../src/server/direct/input-coercion.ts';
import { createGraphQLHandler } from '../../src/server/yoga.ts';
import type { Services } from '../../src/services.ts';
import { fullInput, fullReport } from './fixture.ts';

const WARM_UP_RUNS = 200;
const MEASURED_RUNS = 2_000;

// CPU time of this process (all its threads, so garbage collection counts) is the
// figure: on a shared machine the wall time also counts the time other processes ran.
type Clocks = { cpu: NodeJS.CpuUsage; wall: number };
const startClocks = (): Clocks => ({ cpu: process.cpuUsage(), wall: performance.now() });

function printStep(step: string, started: Clocks): void {
  const cpu = process.cpuUsage(started.cpu);
  const cpuMicroseconds = (cpu.user + cpu.system) / MEASURED_RUNS;
  const wallMicroseconds = ((performance.now() - started.wall) / MEASURED_RUNS) * 1_000;
  console.log(`${step}: ${cpuMicroseconds.toFixed(0)} µs CPU (${wallMicroseconds.toFixed(0)} µs wall)`);
}

function measure(step: string, run: () => unknown): void {
  for (let index = 0; index < WARM_UP_RUNS; index += 1) run();
  const started = startClocks();
  for (let index = 0; index < MEASURED_RUNS; index += 1) run();
  printStep(step, started);
}

async function measureAsync(step: string, run: () => Promise<unknown>): Promise<void> {
  for (let index = 0; index < WARM_UP_RUNS; index += 1) await run();
  const started = startClocks();
  for (let index = 0; index < MEASURED_RUNS; index += 1) await run();
  printStep(step, started);
}

// Only what the reportMetrics resolver uses: an ingest key, and an ingest that returns
// at once.
const principal = { projectId: randomUUID(), keyId: randomUUID(), scope: 'ingest' as const };

function stubServices(): Services {
  const result = { hostId: randomUUID(), accepted: [], duplicates: [], clockSkewMs: 0, warnings: [] };
  const stub = {
    logger: createLogger('warn'),
    authenticator: { authenticate: async () => principal, authenticateHeader: async () => principal },
    ingest: { ingest: async () => result },
  };
  return stub as unknown as Services;
}

const schema = buildSchema();
const document = parse('mutation Report($input: ReportMetricsInput!) { reportMetrics(input: $input) { hostId } }');
const operation = document.definitions[0] as OperationDefinitionNode;
const body = JSON.stringify({ variables: { input: fullInput('agent', 'host', [fullReport()]) } });
const coerce = () => getVariableValues(schema, operation.variableDefinitions!, JSON.parse(body).variables);

console.log(`request body: ${body.length} bytes`);
measure('JSON.parse', () => JSON.parse(body));
measure('JSON.parse + variable coercion', coerce);
const directCoerce = compileInputCoercer(schema.getType('ReportMetricsInput') as GraphQLInputObjectType);
measure('JSON.parse + direct coercion (src/server/direct)', () => directCoerce(JSON.parse(body).variables.input));

const compiled = compileQuery(schema, document);
if (!isCompiledQuery(compiled)) throw new Error('graphql-jit could not compile the report mutation');
const context = { principal, services: stubServices(), requestId: 'bench' };
await measureAsync('JSON.parse + compiled coercion and execution, ingest stubbed', async () =>
  compiled.query(undefined, context, JSON.parse(body).variables),
);

const yoga = createGraphQLHandler(schema, stubServices());
const query = 'mutation Report($input: ReportMetricsInput!) { reportMetrics(input: $input) { hostId accepted duplicates clockSkewMs warnings { reportId path message } } }';
const handlerBody = JSON.stringify({ query, variables: JSON.parse(body).variables });
const handle = async () => {
  const response = await yoga.fetch('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer stub' },
    body: handlerBody,
  });
  const text = await response.text();
  if (text.includes('"errors"')) throw new Error(`The GraphQL handler returned errors: ${text}`);
};
await measureAsync('GraphQL handler, ingest stubbed', handle);

const input = coerce().coerced!.input as ReportBatch;
measure('normalizeBatch', () => normalizeBatch(input));

const { batch } = normalizeBatch(input);
const hostId = randomUUID();
const report = batch.reports[0]!;
const containerIds = new Map((report.containers ?? []).map((container) => [containerKey(hostId, container.containerId), randomUUID()]));
const claimed = [{ hostId, report }];
measure('series COPY text', () => buildSeriesRows(claimed, containerIds));
measure('latest rows, encoded', () => encodeLatestRows(buildLatestRows(claimed, containerIds)));
const latestBytes = encodeLatestRows(buildLatestRows(claimed, containerIds)).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
console.log(`latest-table parameters: ${latestBytes} bytes per report`);
