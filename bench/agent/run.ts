// Measures the agent's collection cost on this machine and compares it with one scrape
// of prometheus-node-exporter. Run from the repository root:
//   node --import tsx bench/agent/run.ts
// Writes bench/agent/RESULTS.md and prints the same table.

import { execFileSync, execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { cpus, loadavg, release } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { build } from 'esbuild';

import { loadSystemConstants } from '../../agent/src/system-constants.ts';
import { CYCLE_GAP_MS, CYCLES, measureAgent, type AgentResult } from './cycles.ts';

const EXPORTER_SCRAPES = 20;
const EXPORTER_START_TIMEOUT_MS = 10_000;
const EXPORTER_POLL_MS = 100;
const EXPORTER_PATHS = ['/usr/bin/prometheus-node-exporter', '/usr/sbin/prometheus-node-exporter'];
const BUNDLE_PATH = fileURLToPath(new URL('./.build/cycles.mjs', import.meta.url));
const BUNDLED_RUN_TIMEOUT_MS = 120_000;
/**
 * Node flags of the installed service (agent/install.sh): a 2 MB young-generation
 * semi-space instead of the default 16 MB cuts RSS by about 9 MB for about 1 ms more
 * CPU per cycle (measured on this machine).
 */
const AGENT_NODE_FLAGS = ['--max-semi-space-size=2'];

const TARGET_CPU_RATIO = 3;
const TARGET_RSS_MB = 80;
const TARGET_EVENT_LOOP_BLOCK_MS = 50;

type ExporterResult = { cpuMsPerScrape: number; wallMsPerScrape: number; metricsBytes: number } | { error: string };

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** CPU time of a process in milliseconds, from utime + stime in /proc/[pid]/stat. */
async function processCpuMs(pid: number): Promise<number> {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / (await loadSystemConstants()).clockTicksPerSecond) * 1000;
}

async function scrape(url: string): Promise<number> {
  const response = await fetch(url);
  return (await response.text()).length;
}

async function measureNodeExporter(): Promise<ExporterResult> {
  const binary = EXPORTER_PATHS.find((path) => existsSync(path));
  if (binary === undefined) {
    return { error: 'prometheus-node-exporter is not installed (apt-get install -y prometheus-node-exporter)' };
  }

  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}/metrics`;
  const child: ChildProcess = spawn(binary, [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  try {
    const deadline = performance.now() + EXPORTER_START_TIMEOUT_MS;
    let ready = false;
    while (!ready && performance.now() < deadline) {
      ready = await scrape(url).then(() => true, () => false);
      if (!ready) {
        await sleep(EXPORTER_POLL_MS);
      }
    }
    if (!ready || child.pid === undefined) {
      return { error: `node_exporter did not answer on ${url} within ${EXPORTER_START_TIMEOUT_MS} ms` };
    }

    const cpuBefore = await processCpuMs(child.pid);
    const wallBefore = performance.now();
    let metricsBytes = 0;
    for (let index = 0; index < EXPORTER_SCRAPES; index += 1) {
      metricsBytes = await scrape(url);
      await sleep(CYCLE_GAP_MS);
    }
    const wallMs = performance.now() - wallBefore - EXPORTER_SCRAPES * CYCLE_GAP_MS;
    return {
      cpuMsPerScrape: ((await processCpuMs(child.pid)) - cpuBefore) / EXPORTER_SCRAPES,
      wallMsPerScrape: wallMs / EXPORTER_SCRAPES,
      metricsBytes,
    };
  } finally {
    child.kill('SIGTERM');
  }
}

function exporterVersion(): string {
  const binary = EXPORTER_PATHS.find((path) => existsSync(path));
  if (binary === undefined) {
    return 'not installed';
  }
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Runs the cycles bundled into plain JavaScript in a child `node`, as an installed agent
 * runs, so that the numbers do not include the tsx loader.
 */
async function measureBundledAgent(): Promise<AgentResult> {
  await build({
    entryPoints: [fileURLToPath(new URL('./cycles.ts', import.meta.url))],
    outfile: BUNDLE_PATH,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const { stdout } = await promisify(execFile)(process.execPath, [...AGENT_NODE_FLAGS, BUNDLE_PATH], {
    timeout: BUNDLED_RUN_TIMEOUT_MS,
  });
  return JSON.parse(stdout) as AgentResult;
}

function formatTable(bundled: AgentResult, underTsx: AgentResult, exporter: ExporterResult): string {
  const format = (value: number): string => value.toFixed(2);
  const both = (pick: (result: AgentResult) => string): string => `${pick(bundled)} | ${pick(underTsx)}`;
  const cpuMean = mean(bundled.cpuMsPerCycle);
  const exporterCpu = 'error' in exporter ? null : exporter.cpuMsPerScrape;
  const ratio = exporterCpu === null || exporterCpu === 0 ? null : cpuMean / exporterCpu;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'missed');
  const exporterCell =
    'error' in exporter ? exporter.error : `${format(exporter.cpuMsPerScrape)} (wall ${format(exporter.wallMsPerScrape)})`;

  return [
    '| measure | agent, bundled, plain node | agent, under tsx | target (bundled) |',
    '| --- | --- | --- | --- |',
    `| CPU per cycle, mean (ms) | ${both((result) => format(mean(result.cpuMsPerCycle)))} | |`,
    `| CPU per cycle, median / p95 / max (ms) | ${both((result) => `${format(percentile(result.cpuMsPerCycle, 0.5))} / ${format(percentile(result.cpuMsPerCycle, 0.95))} / ${format(Math.max(...result.cpuMsPerCycle))}`)} | |`,
    `| CPU of the first cycle (ms) | ${both((result) => format(result.cpuMsPerCycle[0] ?? Number.NaN))} | |`,
    `| wall time per cycle, median / p95 (ms) | ${both((result) => `${format(percentile(result.wallMsPerCycle, 0.5))} / ${format(percentile(result.wallMsPerCycle, 0.95))}`)} | |`,
    `| node_exporter CPU per scrape (ms) | ${exporterCell} | | |`,
    `| agent CPU / node_exporter CPU | ${ratio === null ? 'n/a' : format(ratio)} | | < ${TARGET_CPU_RATIO} (${ratio === null ? 'not measured' : verdict(ratio < TARGET_CPU_RATIO)}) |`,
    `| RSS max / final (MB) | ${both((result) => `${format(result.maxRssMb)} / ${format(result.finalRssMb)}`)} | < ${TARGET_RSS_MB} (${verdict(bundled.maxRssMb < TARGET_RSS_MB)}) |`,
    `| event-loop delay max / p99 (ms) | ${both((result) => `${format(result.eventLoopMaxMs)} / ${format(result.eventLoopP99Ms)}`)} | max < ${TARGET_EVENT_LOOP_BLOCK_MS} (${verdict(bundled.eventLoopMaxMs < TARGET_EVENT_LOOP_BLOCK_MS)}) |`,
    `| event-loop delay max after the first cycle (ms) | ${both((result) => format(result.steadyEventLoopMaxMs))} | |`,
    `| report size, JSON (bytes) | ${both((result) => String(result.reportBytes))} | |`,
  ].join('\n');
}

async function main(): Promise<void> {
  const bundled = await measureBundledAgent();
  const underTsx = await measureAgent();
  const exporter = await measureNodeExporter();
  const table = formatTable(bundled, underTsx, exporter);
  process.stdout.write(`${table}\n`);

  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical CPUs, Linux ${release()}, Node ${process.version}`;
  const document = [
    '# Agent benchmark',
    '',
    'Command, from the repository root:',
    '',
    '```',
    'node --import tsx bench/agent/run.ts',
    '```',
    '',
    `${CYCLES} collection cycles of the agent with default settings (system, disks, network, top 20`,
    `processes, containers; this machine has no Docker engine), ${CYCLE_GAP_MS} ms apart. Each cycle is`,
    'timed with process.cpuUsage() around collect() plus JSON serialization of the request',
    'variables. The run is done twice: bundled by esbuild and run by plain `node` in a child',
    `process with ${AGENT_NODE_FLAGS.join(' ')} (how agent/install.sh runs the agent), and in the`,
    'benchmark process under tsx with default flags.',
    'RSS is the whole process. Event-loop delay comes from monitorEventLoopDelay (resolution',
    '10 ms) over the whole run, and separately after the first cycle, which also reads the OS',
    'and CPU description with systeminformation (again every 10 minutes in a running agent).',
    `Load average at the start: ${loadavg().map((load) => load.toFixed(2)).join(' ')} (other work on the machine inflates delays).`,
    'process.cpuUsage() leaves out the processes that systeminformation spawns (lscpu, shells).',
    `node_exporter (${exporterVersion()}, default collectors) was`,
    `scraped ${EXPORTER_SCRAPES} times on 127.0.0.1; its CPU is utime + stime from /proc/<pid>/stat`,
    'before and after, divided by the scrape count (tick resolution 10 ms over the total).',
    '',
    `Machine: ${machine}. Run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    table,
    '',
  ].join('\n');
  await writeFile(new URL('./RESULTS.md', import.meta.url), document);
}

await main();
