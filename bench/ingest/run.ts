// Measures ingest throughput. The API runs in this process against a fresh database on
// the local PostgreSQL, and simulated agents in a child process send full reports over
// HTTP for a fixed time. Then a raw COPY of the same rows into the same tables gives the
// baseline. Run from the repository root:
//   node --import tsx bench/ingest/run.ts [--agents 100] [--seconds 30] [--raw-reports 500] [--raw-seconds 10]
//     [--rate 1000] (open loop: requests/s on a fixed schedule, spread over the agents)
//     [--reports-per-request 1] [--api-processes 1] [--stub-ingest] [--trace]
//     [--profile api.cpuprofile]
// Prints reports/s, rows/s, latency percentiles, the CPU time of the API and the load
// generator, and the load average. Needs PostgreSQL on 127.0.0.1:5432
// (TEST_DATABASE_URL overrides it) and sends traffic only to 127.0.0.1.
import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { startSentinel, type Sentinel } from '../../src/app.ts';
import { createApiKey, ensureProject } from '../../src/auth/projects.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { FULL_REPORT_ROWS } from './fixture.ts';
import type { LoadOptions, LoadResult } from './load.ts';
import { backendCpuBetween, readBackendCpu } from './postgres-cpu.ts';
import { measureRawCopy } from './raw-copy.ts';
import { resetTrace, traceReport, traceStatements } from './trace.ts';

const ROWS_PER_REPORT = Object.values(FULL_REPORT_ROWS).reduce((sum, rows) => sum + rows, 0);

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

// One line per second of the run: requests, p50, p99 and max latency, to tell a steady
// tail from a stall.
function timeline(load: LoadResult): string {
  const bySecond = new Map<number, number[]>();
  load.latenciesMs.forEach((latency, index) => {
    const second = Math.floor(load.startedAtMs[index]! / 1_000);
    const latencies = bySecond.get(second);
    if (latencies) latencies.push(latency);
    else bySecond.set(second, [latency]);
  });
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, latencies]) => {
      const sorted = latencies.sort((a, b) => a - b);
      const format = (value: number) => value.toFixed(0).padStart(5);
      return `  ${String(second).padStart(3)} s: ${String(sorted.length).padStart(5)} requests, p50 ${format(percentile(sorted, 0.5))}, p99 ${format(percentile(sorted, 0.99))}, max ${format(sorted.at(-1)!)} ms`;
    })
    .join('\n');
}

function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./load.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
    child.once('message', (result) => {
      resolve(result as LoadResult);
      child.kill();
    });
    child.once('error', reject);
    child.send(options);
  });
}

// Busy and total jiffies of all CPUs since boot, from /proc/stat (Linux).
function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

// A CPU profile of this process (the API) during the measured run only, for --profile.
async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

type ApiProcess = { url: string; cpuMs: () => Promise<number>; stop: () => void };

// For --api-processes: another API process on the same database, as a second replica.
function startApiProcess(databaseUrl: string): Promise<ApiProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./api-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
    child.once('error', reject);
    child.once('message', (message) => {
      const cpuMs = () =>
        new Promise<number>((answered) => {
          child.once('message', (reply) => answered((reply as { cpuMs: number }).cpuMs));
          child.send('cpu');
        });
      resolve({ url: (message as { url: string }).url, cpuMs, stop: () => child.disconnect() });
    });
    child.send(databaseUrl);
  });
}

// For --stub-ingest: the mutation answers without validating or writing anything, which
// measures what HTTP, yoga and GraphQL variable coercion alone cost per request.
function stubIngest(app: Sentinel): void {
  const stub = async () => ({ hostId: randomUUID(), accepted: [], duplicates: [], clockSkewMs: 0, warnings: [] });
  Object.assign(app.services.ingest, { ingest: stub });
}

const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '100' },
      rate: { type: 'string' },
      seconds: { type: 'string', default: '30' },
      'raw-reports': { type: 'string', default: '500' },
      'raw-seconds': { type: 'string', default: '10' },
      trace: { type: 'boolean', default: false },
      timeline: { type: 'boolean', default: false },
      profile: { type: 'string' },
      'reports-per-request': { type: 'string', default: '1' },
      'stub-ingest': { type: 'boolean', default: false },
      'api-processes': { type: 'string', default: '1' },
    },
  });
  const agents = Number(values.agents);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
    throw new Error(`--rate must be a positive number of requests per second, got "${values.rate}"`);
  }
  const seconds = Number(values.seconds);
  const rawReports = Number(values['raw-reports']);
  const rawSeconds = Number(values['raw-seconds']);
  const reportsPerRequest = Number(values['reports-per-request']);

  if (values.trace) traceStatements();
  const database = await createTestDatabase('sentinel_bench');
  const logger = createLogger('warn');
  const config = { ...parseConfig({}), databaseUrl: database.url, port: 0, host: '127.0.0.1', logLevel: 'warn' as const, runJobs: false };
  const app = await startSentinel(config, logger);
  try {
    const project = await ensureProject(app.services.prisma, 'bench', 'bench');
    const key = await createApiKey(app.services.prisma, project.id, 'ingest', 'bench');
    const runId = randomUUID().slice(0, 8);
    if (values['stub-ingest']) stubIngest(app);
    const extraApis = await Promise.all(Array.from({ length: Number(values['api-processes']) - 1 }, () => startApiProcess(database.url)));
    const urls = [app.http.url, ...extraApis.map((api) => api.url)];

    // A short warm-up registers the hosts and compiles the hot paths before measuring.
    await runLoad({ urls, key: key.secret, agents, seconds: 3, runId, reportsPerRequest, rate });
    resetTrace();
    const loadBefore = loadAverage();
    const batchesBefore = { ...app.services.ingest.stats };
    const profiler = values.profile ? await startProfiler() : null;
    const apiCpuBefore = process.cpuUsage();
    const extraCpuBefore = await Promise.all(extraApis.map((api) => api.cpuMs()));
    const machineBefore = machineCpu();
    const postgresBefore = await readBackendCpu(app.services.pool);
    const load = await runLoad({ urls, key: key.secret, agents, seconds, runId, reportsPerRequest, rate });
    const apiCpu = process.cpuUsage(apiCpuBefore);
    const extraCpu = (await Promise.all(extraApis.map((api) => api.cpuMs()))).map((cpuMs, index) => cpuMs - extraCpuBefore[index]!);
    for (const api of extraApis) api.stop();
    const machineAfter = machineCpu();
    const postgresMs = backendCpuBetween(postgresBefore, await readBackendCpu(app.services.pool));
    if (profiler) writeFileSync(values.profile!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const loadAfter = loadAverage();
    const stats = app.services.ingest.stats;
    const trace = traceReport();
    const rawPostgresBefore = await readBackendCpu(app.services.pool);
    const rawClientBefore = process.cpuUsage();
    const raw = await measureRawCopy(app.services.pool, rawSeconds, rawReports);
    const rawClientCpu = process.cpuUsage(rawClientBefore);
    const rawPostgresMs = backendCpuBetween(rawPostgresBefore, await readBackendCpu(app.services.pool));
    const loadAfterRaw = loadAverage();

    const sorted = [...load.latenciesMs].sort((a, b) => a - b);
    const requestsPerSecond = load.latenciesMs.length / (load.elapsedMs / 1_000);
    const reportsPerSecond = requestsPerSecond * reportsPerRequest;
    const apiRowsPerSecond = reportsPerSecond * ROWS_PER_REPORT;
    const rawRowsPerSecond = raw.rows / (raw.elapsedMs / 1_000);
    const batches = stats.batches - batchesBefore.batches;
    const requests = stats.items - batchesBefore.items;
    const cpuShare = (cpuMs: number) => `${((cpuMs / load.elapsedMs) * 100).toFixed(0)}% of one CPU`;
    // CPU time per request is the figure that least depends on what else the machine
    // runs: requests/s falls when other processes take CPU, this mostly does not.
    const apiCpuMs = (apiCpu.user + apiCpu.system) / 1_000 + extraCpu.reduce((sum, cpuMs) => sum + cpuMs, 0);
    const apiCpuPerRequest = apiCpuMs / Math.max(1, load.latenciesMs.length);
    // CPU per 1,000 rows on each path, both sides together: what the throughput would be
    // on a machine that ran nothing else is about inversely proportional to it.
    const reportsDone = load.latenciesMs.length * reportsPerRequest;
    const perThousandRows = (milliseconds: number, rows: number) => ((milliseconds / Math.max(1, rows)) * 1_000).toFixed(1);
    const apiRows = reportsDone * ROWS_PER_REPORT;
    const rawClientMs = (rawClientCpu.user + rawClientCpu.system) / 1_000;

    const lines = [
      `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      `API processes: ${urls.length}, agents: ${agents}, seconds: ${seconds}, reports per request: ${reportsPerRequest}, rows per report: ${ROWS_PER_REPORT}${values['stub-ingest'] ? ', ingest stubbed (nothing is written)' : ''}`,
      rate
        ? `open loop: ${rate} requests/s scheduled, latency from each request's due time, ${load.unsent} requests still waiting for their agent at the end`
        : 'closed loop: each agent sends again as soon as it is answered',
      `load average (1 5 15 min): before ${loadBefore}, after the API run ${loadAfter}, after raw COPY ${loadAfterRaw}`,
      `requests/s: ${requestsPerSecond.toFixed(0)}, reports/s: ${reportsPerSecond.toFixed(0)}`,
      `rows/s (API): ${apiRowsPerSecond.toFixed(0)}`,
      `API CPU per request: ${apiCpuPerRequest.toFixed(2)} ms (all API processes)`,
      `latency ms: p50 ${percentile(sorted, 0.5).toFixed(1)}, p99 ${percentile(sorted, 0.99).toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}`,
      `errors: ${load.errors}${load.firstError ? ` (first: ${load.firstError})` : ''}`,
      `group commit: ${batches} batches, ${(requests / Math.max(1, batches)).toFixed(1)} requests per batch, ${stats.fallbacks} fallbacks`,
      `CPU: API process ${cpuShare((apiCpu.user + apiCpu.system) / 1_000)}${extraCpu.map((cpuMs) => `, further API process ${cpuShare(cpuMs)}`).join('')}, load generator ${cpuShare(load.cpuMs)}, machine ${(machineBusy * 100).toFixed(0)}% busy (all processes, both CPUs)`,
      `rows/s (raw COPY, ${rawReports} reports = ${rawReports * ROWS_PER_REPORT} rows per transaction, ${rawSeconds} s): ${rawRowsPerSecond.toFixed(0)}`,
      `API / raw COPY: ${((apiRowsPerSecond / rawRowsPerSecond) * 100).toFixed(0)}%`,
      `CPU ms per 1,000 rows: API path ${perThousandRows(apiCpuMs + postgresMs, apiRows)} (API ${perThousandRows(apiCpuMs, apiRows)}, PostgreSQL backends ${perThousandRows(postgresMs, apiRows)}), raw COPY ${perThousandRows(rawClientMs + rawPostgresMs, raw.rows)} (client ${perThousandRows(rawClientMs, raw.rows)}, PostgreSQL backend ${perThousandRows(rawPostgresMs, raw.rows)})`,
    ];
    if (values.trace) lines.push('statements during the API run (count x mean = total, by first line):', trace);
    if (values.timeline) lines.push('latency by second of the run (requests sent or due in that second):', timeline(load));
    console.log(lines.join('\n'));
  } finally {
    await app.stop();
    await database.drop();
  }
}

await main();
