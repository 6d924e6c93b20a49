// One measurement of the agent's collection cycles in this process. run.ts runs it twice:
// in its own process under tsx, and bundled by esbuild in a plain `node` child, which is
// how an installed agent runs (see agent/scripts/build.mjs).

import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

import { pino } from 'pino';

import { parseAgentSettings } from '../../agent/src/config.ts';
import { ReportCollector } from '../../agent/src/report-collector.ts';

export const CYCLES = 100;
/** Pause between cycles, so that counters move and timers run as in a real interval. */
export const CYCLE_GAP_MS = 100;

export type AgentResult = {
  cpuMsPerCycle: number[];
  wallMsPerCycle: number[];
  maxRssMb: number;
  finalRssMb: number;
  eventLoopMaxMs: number;
  eventLoopP99Ms: number;
  /** Event-loop delay after the first cycle, which also reads the platform info cold. */
  steadyEventLoopMaxMs: number;
  reportBytes: number;
};

export async function measureAgent(): Promise<AgentResult> {
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const config = parseAgentSettings({ spoolDir: null }, { requireEndpoint: false });
  const collector = new ReportCollector(config, logger);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const steadyLoopDelay = monitorEventLoopDelay({ resolution: 10 });

  const cpuMsPerCycle: number[] = [];
  const wallMsPerCycle: number[] = [];
  let maxRss = 0;
  let reportBytes = 0;

  for (let cycle = 0; cycle < CYCLES; cycle += 1) {
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const report = await collector.collect();
    const body = JSON.stringify({ input: { systemInfo: await collector.getSystemInfo(), reports: [report] } });
    const cpu = process.cpuUsage(cpuBefore);
    wallMsPerCycle.push(performance.now() - wallBefore);
    cpuMsPerCycle.push((cpu.user + cpu.system) / 1000);
    reportBytes = body.length;
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    await sleep(CYCLE_GAP_MS);
    if (cycle === 0) {
      steadyLoopDelay.enable();
    }
  }

  loopDelay.disable();
  steadyLoopDelay.disable();
  return {
    cpuMsPerCycle,
    wallMsPerCycle,
    maxRssMb: maxRss / 1024 / 1024,
    finalRssMb: process.memoryUsage().rss / 1024 / 1024,
    eventLoopMaxMs: loopDelay.max / 1e6,
    eventLoopP99Ms: loopDelay.percentile(99) / 1e6,
    steadyEventLoopMaxMs: steadyLoopDelay.max / 1e6,
    reportBytes,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await measureAgent())}\n`);
}
