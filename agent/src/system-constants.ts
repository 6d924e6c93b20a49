import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export type SystemConstants = {
  /** Clock ticks per second, the unit of CPU times in /proc (USER_HZ). */
  clockTicksPerSecond: number;
  pageSizeBytes: number;
};

/** USER_HZ is 100 on every mainstream Linux architecture. */
const DEFAULT_CLOCK_TICKS_PER_SECOND = 100;
const DEFAULT_PAGE_SIZE_BYTES = 4096;
const GETCONF_TIMEOUT_MS = 2_000;

const run = promisify(execFile);
let cached: Promise<SystemConstants> | null = null;

/**
 * Reads USER_HZ and the page size once with getconf(1), because Node exposes neither.
 * Falls back to the common values when getconf is missing. The calls are asynchronous
 * because a synchronous spawn blocks the event loop for the child's whole lifetime.
 */
export function loadSystemConstants(): Promise<SystemConstants> {
  cached ??= Promise.all([readGetconf('CLK_TCK'), readGetconf('PAGESIZE')]).then(([ticks, pageSize]) => ({
    clockTicksPerSecond: ticks ?? DEFAULT_CLOCK_TICKS_PER_SECOND,
    pageSizeBytes: pageSize ?? DEFAULT_PAGE_SIZE_BYTES,
  }));
  return cached;
}

async function readGetconf(name: string): Promise<number | null> {
  try {
    const { stdout } = await run('getconf', [name], { encoding: 'utf8', timeout: GETCONF_TIMEOUT_MS });
    const value = Number(stdout.trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
