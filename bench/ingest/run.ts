// Measures ingest throughput. The API runs in this process against a fresh database on
// the local PostgreSQL, and simulated agents in a child process send full reports over
// HTTP for a fixed time. Then a raw COPY of the same rows into the same tables gives the
// baseline. Run from the repository root:
//   node --import tsx bench/ingest/run.ts [--agents 100] [--seconds 30] [--raw-reports 500] [--raw-seconds 10]
//     [--trace] [--profile api.cpuprofile]
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
import { startSentinel } from '../../src/app.ts';
import { createApiKey, ensureProject } from '../../src/auth/projects.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestDatabase } from '../../test/helpers/database.ts';
import { FULL_REPORT_ROWS } from './fixture.ts';
import type { LoadOptions, LoadResult } from './load.ts';
import { measureRawCopy } from './raw-copy.ts';
import { resetTrace, traceReport, traceStatements } from './trace.ts';

const ROWS_PER_REPORT = Object.values(FULL_REPORT_ROWS).reduce((sum, rows) => sum + rows, 0);

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
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

const loadAverage = () => loadavg().map((value) => value.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '30' },
      'raw-reports': { type: 'string', default: '500' },
      'raw-seconds': { type: 'string', default: '10' },
      trace: { type: 'boolean', default: false },
      profile: { type: 'string' },
    },
  });
  const agents = Number(values.agents);
  const seconds = Number(values.seconds);
  const rawReports = Number(values['raw-reports']);
  const rawSeconds = Number(values['raw-seconds']);

  if (values.trace) traceStatements();
  const database = await createTestDatabase('sentinel_bench');
  const logger = createLogger('warn');
  const config = { ...parseConfig({}), databaseUrl: database.url, port: 0, host: '127.0.0.1', logLevel: 'warn' as const, runJobs: false };
  const app = await startSentinel(config, logger);
  try {
    const project = await ensureProject(app.services.prisma, 'bench', 'bench');
    const key = await createApiKey(app.services.prisma, project.id, 'ingest', 'bench');
    const runId = randomUUID().slice(0, 8);

    // A short warm-up registers the hosts and compiles the hot paths before measuring.
    await runLoad({ url: app.http.url, key: key.secret, agents, seconds: 3, runId });
    resetTrace();
    const loadBefore = loadAverage();
    const batchesBefore = { ...app.services.ingest.stats };
    const profiler = values.profile ? await startProfiler() : null;
    const apiCpuBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    const load = await runLoad({ url: app.http.url, key: key.secret, agents, seconds, runId });
    const apiCpu = process.cpuUsage(apiCpuBefore);
    const machineAfter = machineCpu();
    if (profiler) writeFileSync(values.profile!, JSON.stringify((await profiler.post('Profiler.stop')).profile));
    const machineBusy = (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
    const loadAfter = loadAverage();
    const stats = app.services.ingest.stats;
    const trace = traceReport();
    const raw = await measureRawCopy(app.services.pool, rawSeconds, rawReports);
    const loadAfterRaw = loadAverage();

    const sorted = [...load.latenciesMs].sort((a, b) => a - b);
    const reportsPerSecond = load.latenciesMs.length / (load.elapsedMs / 1_000);
    const apiRowsPerSecond = reportsPerSecond * ROWS_PER_REPORT;
    const rawRowsPerSecond = raw.rows / (raw.elapsedMs / 1_000);
    const batches = stats.batches - batchesBefore.batches;
    const requests = stats.items - batchesBefore.items;
    const cpuShare = (cpuMs: number) => `${((cpuMs / load.elapsedMs) * 100).toFixed(0)}% of one CPU`;

    const lines = [
      `machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      `agents: ${agents}, seconds: ${seconds}, rows per report: ${ROWS_PER_REPORT}`,
      `load average (1 5 15 min): before ${loadBefore}, after the API run ${loadAfter}, after raw COPY ${loadAfterRaw}`,
      `reports/s: ${reportsPerSecond.toFixed(0)}`,
      `rows/s (API): ${apiRowsPerSecond.toFixed(0)}`,
      `latency ms: p50 ${percentile(sorted, 0.5).toFixed(1)}, p99 ${percentile(sorted, 0.99).toFixed(1)}, max ${sorted.at(-1)?.toFixed(1)}`,
      `errors: ${load.errors}${load.firstError ? ` (first: ${load.firstError})` : ''}`,
      `group commit: ${batches} batches, ${(requests / Math.max(1, batches)).toFixed(1)} requests per batch, ${stats.fallbacks} fallbacks`,
      `CPU: API process ${cpuShare((apiCpu.user + apiCpu.system) / 1_000)}, load generator ${cpuShare(load.cpuMs)}, machine ${(machineBusy * 100).toFixed(0)}% busy (all processes, both CPUs)`,
      `rows/s (raw COPY, ${rawReports} reports = ${rawReports * ROWS_PER_REPORT} rows per transaction, ${rawSeconds} s): ${rawRowsPerSecond.toFixed(0)}`,
      `API / raw COPY: ${((apiRowsPerSecond / rawRowsPerSecond) * 100).toFixed(0)}%`,
    ];
    if (values.trace) lines.push('statements during the API run (count x mean = total, by first line):', trace);
    console.log(lines.join('\n'));
  } finally {
    await app.stop();
    await database.drop();
  }
}

await main();
