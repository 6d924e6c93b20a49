import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';

import type { Logger } from 'pino';

import { parseAgentSettings } from './config.ts';
import type { AgentConfig, AgentSettings } from './config-schema.ts';
import { createLogger } from './logger.ts';
import { resolveAgentId } from './machine-id.ts';
import { ReportBuffer } from './report/buffer.ts';
import { ReportClient } from './report/client.ts';
import type { ReportMetricsInput, SystemInfoInput } from './generated/graphql.ts';
import type { AgentReport } from './report/agent-report.ts';
import { ReportSender } from './report/sender.ts';
import { ReportSpool } from './report/spool.ts';
import { ReportCollector } from './report-collector.ts';

/** Time a shutdown may spend sending what is queued before it spools the rest. */
export const SHUTDOWN_FLUSH_TIMEOUT_MS = 5_000;

/** First retry delay after a failed send; it doubles per failure up to retry_max_delay. */
const RETRY_BASE_MS = 1_000;

/** Retry delay after the API rejected the key or the request, which only an operator can fix. */
const REJECTED_RETRY_MS = 60_000;

/** Time between the two samples of a one-shot run, so that its deltas are not null. */
export const ONE_SHOT_SAMPLE_WINDOW_MS = 1_000;

export type RunningAgent = {
  readonly agentId: string;
  /** Finishes the current cycle, sends what it can within SHUTDOWN_FLUSH_TIMEOUT_MS, spools the rest. */
  stop(): Promise<void>;
};

export type AgentHooks = {
  /** Called with every report once it is queued; tests and the embedding server use it. */
  onReport?: (report: AgentReport) => void;
};

async function readAgentVersion(): Promise<string | null> {
  try {
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

/**
 * Starts the agent: one collection per interval, reports queued and sent in the
 * background. Settings are validated as in loadConfig; endpoint and apiKey are required.
 */
export async function startAgent(settings: AgentSettings | AgentConfig, logger?: Logger, hooks: AgentHooks = {}): Promise<RunningAgent> {
  const config = parseAgentSettings(settings);
  const log = logger ?? createLogger(config.logLevel);
  const startedAt = new Date().toISOString();
  const agentId = config.agentId ?? (await resolveAgentIdSafely(config.spoolDir, log));
  const agentVersion = await readAgentVersion();
  const collector = new ReportCollector(config, log);
  const buffer = await openBuffer(config, log);
  let systemInfo: SystemInfoInput = await collector.getSystemInfo();

  const sender = new ReportSender({
    client: new ReportClient({
      endpoint: config.endpoint ?? '',
      apiKey: config.apiKey ?? '',
      requestTimeoutMs: config.requestTimeout * 1000,
      userAgent: `sentinel-agent/${agentVersion ?? 'unknown'}`,
    }),
    buffer,
    logger: log,
    buildInput: (reports): ReportMetricsInput => ({ agentId, agentVersion, agentStartedAt: startedAt, systemInfo, reports }),
    batchSize: config.batchSize,
    retryBaseMs: RETRY_BASE_MS,
    retryMaxMs: config.retryMaxDelay * 1000,
    rejectedRetryMs: REJECTED_RETRY_MS,
  });

  const intervalMs = config.interval * 1000;
  let nextCycleAtMs = performance.now();
  let timer: NodeJS.Timeout | null = null;
  let currentCycle: Promise<void> | null = null;
  let stopping = false;

  const runCycle = async (): Promise<void> => {
    try {
      const report = await collector.collect();
      systemInfo = await collector.getSystemInfo();
      buffer.push(report);
      hooks.onReport?.(report);
      sender.kick();
    } catch (error) {
      log.error({ err: error }, 'Collect report failed');
    }
  };

  const scheduleNext = (): void => {
    if (stopping) {
      return;
    }
    // Ticks stay on a fixed grid from the start, so timer lateness never accumulates.
    // A cycle that overran skips the ticks it missed instead of running back to back.
    nextCycleAtMs += intervalMs;
    const now = performance.now();
    if (nextCycleAtMs < now) {
      const skipped = Math.ceil((now - nextCycleAtMs) / intervalMs);
      nextCycleAtMs += skipped * intervalMs;
      log.warn({ skipped, intervalMs }, 'Skip collection cycles (previous cycle overran)');
    }
    timer = setTimeout(tick, nextCycleAtMs - now);
  };

  const tick = (): void => {
    timer = null;
    currentCycle = runCycle().finally(() => {
      currentCycle = null;
      scheduleNext();
    });
  };

  log.info(
    { agentId, endpoint: config.endpoint, intervalSeconds: config.interval, spoolDir: config.spoolDir, queued: buffer.size },
    'Start agent',
  );
  tick();

  return {
    agentId,
    async stop(): Promise<void> {
      if (stopping) {
        return;
      }
      stopping = true;
      if (timer !== null) {
        clearTimeout(timer);
      }
      await currentCycle;
      await sender.drain(SHUTDOWN_FLUSH_TIMEOUT_MS);
      log.info({ agentId, queued: buffer.size }, 'Stop agent');
    },
  };
}

/**
 * Collects the request variables of one report, from two samples taken
 * ONE_SHOT_SAMPLE_WINDOW_MS apart so that CPU shares and counters are filled in.
 */
export async function collectOnce(config: AgentConfig, logger: Logger): Promise<ReportMetricsInput> {
  const collector = new ReportCollector(config, logger);
  await collector.collect();
  await sleep(ONE_SHOT_SAMPLE_WINDOW_MS);
  const report = await collector.collect();
  return {
    agentId: config.agentId ?? (await resolveAgentId(null, logger)),
    agentVersion: await readAgentVersion(),
    agentStartedAt: null,
    systemInfo: await collector.getSystemInfo(),
    reports: [report],
  };
}

async function openBuffer(config: AgentConfig, logger: Logger): Promise<ReportBuffer> {
  const options = { maxReports: config.bufferMaxReports, logger };
  if (config.spoolDir === null) {
    return ReportBuffer.open({ ...options, spool: null });
  }
  try {
    return await ReportBuffer.open({ ...options, spool: new ReportSpool(config.spoolDir, logger) });
  } catch (error) {
    logger.warn(
      { spoolDir: config.spoolDir, err: error },
      'Open spool directory failed; unsent reports are kept in memory only',
    );
    return ReportBuffer.open({ ...options, spool: null });
  }
}

async function resolveAgentIdSafely(stateDirectory: string | null, logger: Logger): Promise<string> {
  try {
    return await resolveAgentId(stateDirectory, logger);
  } catch (error) {
    logger.warn({ stateDirectory, err: error }, 'Save agent id failed');
    return resolveAgentId(null, logger);
  }
}
