import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { counterDelta, percentOf, roundPercent } from '../counters.ts';
import { isMissingOrForbidden, parseKeyValueLines, readTextOrNull } from '../procfs.ts';
import type { ProcessInput } from '../generated/graphql.ts';
import { loadSystemConstants, type SystemConstants } from '../system-constants.ts';
import { readSyncOrNull, scanProcesses, type ProcessStat } from './process-table.ts';
import { UserNames } from './user-names.ts';

/** Process states from proc(5), field 3 of /proc/[pid]/stat. */
const STATE_NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  Z: 'zombie',
  T: 'stopped',
  t: 'tracing-stop',
  X: 'dead',
  I: 'idle',
  P: 'parked',
  W: 'waking',
};

/**
 * Processes described (four small reads each) between two yields to the event loop,
 * for the same reason the scan reads in batches.
 */
const DESCRIBED_PER_BATCH = 10;

export type ProcessCollectorOptions = {
  procRoot: string;
  /** How many processes to send by CPU and by memory; the report contains their union. */
  topCount: number;
};

export type ProcessContext = {
  memoryTotalBytes: number | null;
  bootTimeSeconds: number | null;
};

export type ProcessCollection = {
  top: ProcessInput[];
  total: number;
  zombie: number;
};

type Ranked = { stat: ProcessStat; cpuPercent: number | null };

/**
 * Collects process counts and the top processes. CPU shares come from the change of
 * utime + stime since the previous cycle, keyed by pid and start time so that a reused
 * pid never inherits another process's ticks.
 */
export class ProcessCollector {
  private previousTicks = new Map<string, number>();
  private previousAtMs: number | null = null;
  /** Uptime at the previous sample, in clock ticks as /proc/[pid]/stat's start time is. */
  private previousUptimeTicks: number | null = null;
  private readonly userNames = new UserNames();

  constructor(private readonly options: ProcessCollectorOptions) {}

  async collect(context: ProcessContext): Promise<ProcessCollection> {
    const constants = await loadSystemConstants();
    const { clockTicksPerSecond, pageSizeBytes } = constants;
    const procRoot = this.options.procRoot;
    const sampledAtMs = performance.now();
    const uptimeTicks = await readUptimeTicks(procRoot, clockTicksPerSecond);
    const processes = await scanProcesses(procRoot, pageSizeBytes);
    const elapsedSeconds = this.previousAtMs === null ? null : (sampledAtMs - this.previousAtMs) / 1000;
    const previousUptimeTicks = this.previousUptimeTicks;

    const ranked: Ranked[] = [];
    const ticks = new Map<string, number>();
    for (const stat of processes) {
      const key = `${stat.pid}:${stat.startTicks}`;
      ticks.set(key, stat.cpuTicks);
      // A process started after the previous sample used all of its CPU time inside the interval.
      const startedInInterval = previousUptimeTicks !== null && stat.startTicks >= previousUptimeTicks;
      const previous = this.previousTicks.get(key) ?? (startedInInterval ? 0 : undefined);
      const delta = counterDelta(previous, stat.cpuTicks);
      const cpuPercent =
        delta === null || elapsedSeconds === null || elapsedSeconds <= 0
          ? null
          : roundPercent((delta / clockTicksPerSecond / elapsedSeconds) * 100, 0, Number.MAX_SAFE_INTEGER);
      ranked.push({ stat, cpuPercent });
    }
    this.previousTicks = ticks;
    this.previousAtMs = sampledAtMs;
    this.previousUptimeTicks = uptimeTicks;

    const top: ProcessInput[] = [];
    for (const [index, entry] of selectTop(ranked, this.options.topCount).entries()) {
      if (index > 0 && index % DESCRIBED_PER_BATCH === 0) {
        await yieldToEventLoop();
      }
      const described = this.describe(entry, context, constants);
      if (described !== null) {
        top.push(described);
      }
    }
    return {
      top,
      total: processes.length,
      zombie: processes.filter((stat) => stat.state === 'Z').length,
    };
  }

  /** Reads the details of one selected process; null when it exited meanwhile. */
  private describe({ stat, cpuPercent }: Ranked, context: ProcessContext, constants: SystemConstants): ProcessInput | null {
    const directory = `${this.options.procRoot}/${stat.pid}`;
    const statusText = readSyncOrNull(`${directory}/status`);
    if (statusText === null) {
      return null;
    }
    const status = parseKeyValueLines(statusText);
    const uid = Number(status.get('Uid')?.split(/\s+/)[0]);
    const cmdline = readSyncOrNull(`${directory}/cmdline`);
    const io = parseProcessIo(readSyncOrNull(`${directory}/io`));
    const ticksPerSecond = constants.clockTicksPerSecond;

    return {
      pid: stat.pid,
      ppid: stat.ppid,
      name: stat.name,
      // Kernel threads have an empty command line.
      command: cmdline ? cmdline.replace(/\0+$/, '').replaceAll('\0', ' ') : null,
      user: Number.isInteger(uid) ? this.userNames.lookup(uid) : null,
      state: STATE_NAMES[stat.state] ?? null,
      cpuPercent,
      memoryPercent: percentOf(stat.rssBytes, context.memoryTotalBytes),
      memoryRssBytes: stat.rssBytes,
      memoryVmsBytes: stat.virtualBytes,
      ioReadBytes: io.readBytes,
      ioWriteBytes: io.writeBytes,
      threadsCount: stat.threads,
      fdCount: countOpenFiles(`${directory}/fd`),
      cpuTimeMs: Math.round((stat.cpuTicks / ticksPerSecond) * 1000),
      startedAt:
        context.bootTimeSeconds === null
          ? null
          : new Date((context.bootTimeSeconds + stat.startTicks / ticksPerSecond) * 1000).toISOString(),
    };
  }
}

/** Union of the top `count` by CPU share and the top `count` by resident memory. */
export function selectTop(ranked: Ranked[], count: number): Ranked[] {
  const byCpu = ranked
    .filter((entry) => entry.cpuPercent !== null && entry.cpuPercent > 0)
    .sort((a, b) => (b.cpuPercent ?? 0) - (a.cpuPercent ?? 0))
    .slice(0, count);
  const byMemory = [...ranked].sort((a, b) => b.stat.rssBytes - a.stat.rssBytes).slice(0, count);

  const selected = new Map<number, Ranked>();
  for (const entry of [...byCpu, ...byMemory]) {
    selected.set(entry.stat.pid, entry);
  }
  return [...selected.values()];
}

/** Storage I/O of a process (read_bytes, write_bytes); null without permission to read it. */
export function parseProcessIo(text: string | null): { readBytes: number | null; writeBytes: number | null } {
  if (text === null) {
    return { readBytes: null, writeBytes: null };
  }
  const fields = parseKeyValueLines(text);
  const bytes = (key: string): number | null => {
    const value = Number(fields.get(key));
    return Number.isSafeInteger(value) && value >= 0 ? value : null;
  };
  return { readBytes: bytes('read_bytes'), writeBytes: bytes('write_bytes') };
}

/** Reads the seconds since boot from /proc/uptime, in clock ticks; null when unreadable. */
async function readUptimeTicks(procRoot: string, clockTicksPerSecond: number): Promise<number | null> {
  const text = await readTextOrNull(`${procRoot}/uptime`);
  const seconds = Number(text?.split(' ')[0]);
  return text === null || !Number.isFinite(seconds) ? null : Math.floor(seconds * clockTicksPerSecond);
}

function countOpenFiles(fdDirectory: string): number | null {
  try {
    return readdirSync(fdDirectory).length;
  } catch (error) {
    if (isMissingOrForbidden(error)) {
      return null;
    }
    throw error;
  }
}
