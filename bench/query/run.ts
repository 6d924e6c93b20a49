// Measures the GraphQL API's read paths against 10,000 hosts and one host with 30 days
// of 10-second samples, each through GraphQL in-process (the path the HTTP route takes:
// the direct executor, or yoga.fetch for what it leaves to yoga), through yoga alone,
// and as the bare SQL in the same run. Run from the repository root with PostgreSQL on
// 127.0.0.1, with the V8 flag and environment the server runs with:
//   NODE_OPTIONS=--max-semi-space-size=64 NODE_ENV=production node --import tsx bench/query/run.ts
// Creates and drops its own database; writes bench/query/RESULTS.md, keeping the notes
// below its NOTES_HEADING.

import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../../src/app.ts';
import { createApiKey } from '../../src/auth/projects.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { fleetOverview } from '../../src/metrics/fleet-service.ts';
import { parseDuration } from '../../src/metrics/periods.ts';
import { readSeries } from '../../src/metrics/series-service.ts';
import { buildSchema } from '../../src/schema/index.ts';
import { createDirectExecutor } from '../../src/server/http.ts';
import { createGraphQLHandler } from '../../src/server/yoga.ts';
import { createServices } from '../../src/services.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { BARE_HOSTS_PAGE_SQL, HOST_COUNT, HOSTS_PAGE_QUERY, SAMPLE_SECONDS, SERIES_DAYS, seedSettledBenchData } from './seed.ts';

const WARMUP_RUNS = 20;
const MEASURED_RUNS = 200;
const TARGET_FLEET_MS = 50;
const TARGET_SERIES_MS = 30;
const MAX_GRAPHQL_TO_SQL_RATIO = 1.5;
const NOTES_HEADING = '## Changes and findings';
const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

type Case = { name: string; targetMs: number | null; graphql: { query: string; variables?: Record<string, unknown> }; sql: (() => Promise<unknown>) | null };
type Timing = { p50: number; p95: number };
type Row = { name: string; graphql: Timing; responseText: Timing; yoga: Timing; direct: boolean; sql: Timing | null; statements: number; load: string; targetMs: number | null };

// Both the pool and Prisma's adapter-pg send every statement through pg.Client#query.
async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const original = pg.Client.prototype.query;
  let statements = 0;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = original;
  }
  return statements;
}

/** Returns the 1-minute load average: how much other work shared the cores. */
function load1m(): string {
  return loadavg()[0]!.toFixed(2);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

function timingOf(list: number[]): Timing {
  const sorted = [...list].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}

/**
 * Measures several ways to read the same data, interleaved: each round runs every way
 * once, in an order that rotates from round to round. This machine's speed drifts by a
 * third within minutes, and measuring one way after the other compared the ways at
 * different speeds.
 */
async function measureInterleaved(runs: readonly (() => Promise<unknown>)[]): Promise<Timing[]> {
  for (let i = 0; i < WARMUP_RUNS; i++) for (const run of runs) await run();
  const times: number[][] = runs.map(() => []);
  for (let round = 0; round < MEASURED_RUNS; round++) {
    for (let step = 0; step < runs.length; step++) {
      const index = (round + step) % runs.length;
      const start = performance.now();
      await runs[index]!();
      times[index]!.push(performance.now() - start);
    }
  }
  return times.map(timingOf);
}

const database = await createTestDatabase('sentinel_bench_query');
const logger = createLogger('warn');
try {
  await migrate(database.url, logger);
  const services = createServices({ ...parseConfig({}), databaseUrl: database.url, logLevel: 'silent', runJobs: false }, database.url, logger);
  try {
    const seedStart = performance.now();
    const { projectId, seriesHostId } = await seedSettledBenchData(services.pool);
    console.log(`Seeded and rolled up in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const key = await createApiKey(services.prisma, projectId, 'read', 'bench');
    const schema = buildSchema();
    const yoga = createGraphQLHandler(schema, services);
    const direct = createDirectExecutor(schema, services);
    const authorization = `Bearer ${key.secret}`;
    const throughYoga = async (body: string) => {
      const response = await yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body,
      });
      return response.text();
    };
    // The route's order: the direct executor first, yoga for what it declines.
    const served = async (body: string) => {
      const answered = await direct.respond({ body, accept: undefined, origin: undefined, authorization, requestId: undefined });
      return answered ? answered.text : throughYoga(body);
    };
    // The ratio counts the client's JSON.parse of the response. `textTimes`, when given,
    // gets each request's time up to its response text, which is the server's part.
    const runGraphQL = async (through: (body: string) => Promise<string>, query: string, variables: Record<string, unknown> = {}, textTimes?: number[]) => {
      const start = performance.now();
      const text = await through(JSON.stringify({ query, variables }));
      textTimes?.push(performance.now() - start);
      const body = JSON.parse(text) as { errors?: unknown[] };
      if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    };

    // A series case must read every sample of its period, from the raw rows and the
    // rollups. A seed without received reports leaves the rollups empty, and the longer
    // periods then read only the raw rows of the current day.
    const expectAllSamples = async (period: string) => {
      const points = await readSeries(services.pool, { kind: 'host', hostId: seriesHostId }, 'CPU', { period });
      const samples = points.reduce((sum, point) => sum + point.samples, 0);
      const expected = parseDuration('period', period) / SAMPLE_SECONDS;
      if (samples < expected * 0.95) throw new Error(`The ${period} series read ${samples} samples in ${points.length} buckets, expected about ${expected}`);
    };
    for (const period of ['1h', '24h', '7d', '30d']) await expectAllSamples(period);

    const seriesCase = (period: string): Case => ({
      name: `host series ${period}`,
      targetMs: TARGET_SERIES_MS,
      graphql: { query: 'query ($id: ID!, $period: String) { host(id: $id) { series(metric: CPU, period: $period) { bucket avg min max samples } } }', variables: { id: seriesHostId, period } },
      sql: () => readSeries(services.pool, { kind: 'host', hostId: seriesHostId }, 'CPU', { period }),
    });
    const cases: Case[] = [
      {
        name: 'GraphQL fixed cost ({ __typename })',
        targetMs: null,
        graphql: { query: '{ __typename }' },
        sql: null,
      },
      {
        name: 'hosts page of 100',
        targetMs: null,
        graphql: { query: HOSTS_PAGE_QUERY },
        // Prepared, as the served page statement and the series statements are.
        sql: () => services.pool.query({ name: 'bench-bare-hosts-page', text: BARE_HOSTS_PAGE_SQL, values: [projectId] }),
      },
      {
        name: 'fleetOverview',
        targetMs: TARGET_FLEET_MS,
        graphql: { query: '{ fleetOverview { totalHosts byStatus { value count } byEnvironment { value count } byRole { value count } byCloudProvider { value count } averageCpu averageMemory averageLoad topCpu { name value } topMemory { name value } } }' },
        sql: () => fleetOverview(services.pool, projectId),
      },
      seriesCase('1h'),
      seriesCase('24h'),
      seriesCase('7d'),
      seriesCase('30d'),
    ];

    const rows: Row[] = [];
    for (const benchCase of cases) {
      const loadBefore = load1m();
      const { query, variables } = benchCase.graphql;
      const handledBefore = direct.handled;
      const textTimes: number[] = [];
      const run = () => runGraphQL(served, query, variables, textTimes);
      const ways = [run, () => runGraphQL(throughYoga, query, variables), ...(benchCase.sql ? [benchCase.sql] : [])];
      const timings = await measureInterleaved(ways);
      const graphql = timings[0]!;
      const responseText = timingOf(textTimes.slice(WARMUP_RUNS, WARMUP_RUNS + MEASURED_RUNS));
      const yogaTiming = timings[1]!;
      const sql = timings[2] ?? null;
      const ranDirectly = direct.handled > handledBefore;
      const statements = await countStatements(run);
      const row: Row = { name: benchCase.name, graphql, responseText, yoga: yogaTiming, direct: ranDirectly, sql, statements, load: `${loadBefore}-${load1m()}`, targetMs: benchCase.targetMs };
      rows.push(row);
      const sqlText = sql ? `, SQL p50 ${sql.p50.toFixed(2)} ms p95 ${sql.p95.toFixed(2)} ms` : '';
      console.log(`${row.name}: GraphQL (${ranDirectly ? 'direct' : 'yoga'}) p50 ${graphql.p50.toFixed(2)} ms p95 ${graphql.p95.toFixed(2)} ms, to response text p50 ${responseText.p50.toFixed(2)} ms, yoga p50 ${yogaTiming.p50.toFixed(2)} ms${sqlText}, ${statements} statements, load ${row.load}`);
    }
    await writeFile(RESULTS_FILE, report(rows) + (await keptNotes()));
  } finally {
    await services.close();
  }
} finally {
  await database.drop();
}

/** Returns the command that ran this benchmark, with the environment that changes its numbers. */
function commandLine(): string {
  const environment = (['NODE_OPTIONS', 'NODE_ENV'] as const).filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]}`);
  return [...environment, 'node --import tsx bench/query/run.ts'].join(' ');
}

/** Reads the hand-written notes of the previous RESULTS.md, from NOTES_HEADING on. */
async function keptNotes(): Promise<string> {
  const previous = await readFile(RESULTS_FILE, 'utf8').catch(() => '');
  const start = previous.indexOf(NOTES_HEADING);
  return start === -1 ? '' : `\n${previous.slice(start)}`;
}

function report(rows: Row[]): string {
  const lines = rows.map((row) => {
    const sql = row.sql ? `${row.sql.p50.toFixed(2)} | ${row.sql.p95.toFixed(2)}` : '- | -';
    const ratio = row.sql ? row.graphql.p50 / row.sql.p50 : null;
    const textRatio = row.sql ? (row.responseText.p50 / row.sql.p50).toFixed(2) : '-';
    const ratioText = ratio === null ? '-' : `${ratio.toFixed(2)} (${ratio <= MAX_GRAPHQL_TO_SQL_RATIO ? 'met' : 'missed'})`;
    const target = row.targetMs === null ? '-' : `< ${row.targetMs} ms: ${row.graphql.p50 < row.targetMs ? 'met' : 'missed'}`;
    const path = row.direct ? 'direct' : 'yoga';
    return `| ${row.name} | ${path} | ${row.graphql.p50.toFixed(2)} | ${row.graphql.p95.toFixed(2)} | ${row.responseText.p50.toFixed(2)} | ${row.yoga.p50.toFixed(2)} | ${sql} | ${ratioText} | ${textRatio} | ${target} | ${row.statements} | ${row.load} |`;
  });
  return [
    '# Query benchmark',
    '',
    `Generated by \`${commandLine()}\` on ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'},`,
    `PostgreSQL on 127.0.0.1 without TimescaleDB. Data: ${HOST_COUNT} hosts with latest values and one disk each;`,
    `one host with ${SERIES_DAYS} days of samples every ${SAMPLE_SECONDS} s, rolled up by the rollup job.`,
    `Each case ran ${WARMUP_RUNS} times to warm up, then ${MEASURED_RUNS} times measured, one request at a time, with GraphQL,`,
    'yoga and SQL interleaved: each round runs all three once, in an order that rotates.',
    '',
    'GraphQL is measured in-process, from the request body to the parsed response, on the path the',
    "HTTP route takes: the direct executor's respond() for the documents it plans (\"direct\"), yoga.fetch",
    'for the rest (parsing, validation, limits, auth from the key cache, resolvers), then JSON.parse of',
    'the response, as a client reads it. "To text" stops at the response text, before that parse,',
    'and "text / SQL" is its ratio, for information: the target is judged on the parsed response. "yoga p50" is the',
    'same request through yoga.fetch alone. "SQL" is the same data read straight from the pool: for',
    'series the domain function (readSeries, one statement), for fleetOverview its statement, for the',
    'hosts page one join, prepared as the served statements are. "Statements" counts the SQL',
    'statements of one GraphQL request. "Load" is the 1-minute load average before and after the case:',
    'other processes share the two cores, and above about 1.5 the numbers are slower than on a quiet machine.',
    '',
    `| Case | Path | GraphQL p50 ms | GraphQL p95 ms | To text p50 ms | yoga p50 ms | SQL p50 ms | SQL p95 ms | GraphQL / SQL at p50 (target ≤ ${MAX_GRAPHQL_TO_SQL_RATIO}) | Text / SQL at p50 | Target at p50 | Statements | Load |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
    '',
  ].join('\n');
}
