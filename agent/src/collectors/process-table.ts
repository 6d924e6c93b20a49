import { readdirSync, readFileSync } from 'node:fs';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import { isMissingOrForbidden } from '../procfs.ts';

/** One process as read from /proc/[pid]/stat. Times are in clock ticks, sizes in bytes. */
export type ProcessStat = {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  cpuTicks: number;
  threads: number;
  startTicks: number;
  virtualBytes: number;
  rssBytes: number;
};

/**
 * Processes read synchronously between two yields to the event loop. Synchronous reads
 * of /proc cost a fraction of the promise-based ones, and yielding every batch keeps
 * timers and sockets served on hosts with thousands of processes.
 */
const PROCESSES_PER_BATCH = 64;

/**
 * Parses /proc/[pid]/stat. The name (field 2) is in parentheses and may itself contain
 * spaces and parentheses, so the fields after it are located from the last `)`.
 */
export function parseProcessStat(text: string, pageSizeBytes: number): ProcessStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) {
    return null;
  }

  // rest[0] is field 3 (state), so field N of proc(5) is rest[N - 3].
  const rest = text.slice(close + 2).split(' ');
  const field = (position: number): number => Number(rest[position - 3]);
  const utime = field(14);
  const stime = field(15);

  return {
    pid: Number(text.slice(0, open).trim()),
    ppid: field(4),
    name: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    cpuTicks: utime + stime,
    threads: field(20),
    startTicks: field(22),
    virtualBytes: field(23),
    rssBytes: field(24) * pageSizeBytes,
  };
}

/** Lists the process ids under procRoot (thread-group leaders only, as /proc lists them). */
export function listProcessIds(procRoot: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync(procRoot)) {
    if (/^\d+$/.test(entry)) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/** Reads the stat line of every process. Processes that exit during the scan are skipped. */
export async function scanProcesses(procRoot: string, pageSizeBytes: number): Promise<ProcessStat[]> {
  const pids = listProcessIds(procRoot);
  const processes: ProcessStat[] = [];

  for (let start = 0; start < pids.length; start += PROCESSES_PER_BATCH) {
    if (start > 0) {
      await yieldToEventLoop();
    }
    for (const pid of pids.slice(start, start + PROCESSES_PER_BATCH)) {
      const text = readSyncOrNull(`${procRoot}/${pid}/stat`);
      const stat = text === null ? null : parseProcessStat(text, pageSizeBytes);
      if (stat !== null) {
        processes.push(stat);
      }
    }
  }
  return processes;
}

/** Reads a small /proc file synchronously; null when the process is gone or hidden. */
export function readSyncOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isMissingOrForbidden(error)) {
      return null;
    }
    throw error;
  }
}
