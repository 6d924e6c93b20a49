import { execFileSync } from 'node:child_process';

export type SystemConstants = {
  /** Clock ticks per second, the unit of CPU times in /proc (USER_HZ). */
  clockTicksPerSecond: number;
  pageSizeBytes: number;
};

/** USER_HZ is 100 on every mainstream Linux architecture. */
const DEFAULT_CLOCK_TICKS_PER_SECOND = 100;
const DEFAULT_PAGE_SIZE_BYTES = 4096;
const GETCONF_TIMEOUT_MS = 2_000;

let cached: SystemConstants | null = null;

/**
 * Reads USER_HZ and the page size once with getconf(1), because Node exposes neither.
 * Falls back to the common values when getconf is missing.
 */
export function getSystemConstants(): SystemConstants {
  cached ??= {
    clockTicksPerSecond: readGetconf('CLK_TCK') ?? DEFAULT_CLOCK_TICKS_PER_SECOND,
    pageSizeBytes: readGetconf('PAGESIZE') ?? DEFAULT_PAGE_SIZE_BYTES,
  };
  return cached;
}

function readGetconf(name: string): number | null {
  try {
    const output = execFileSync('getconf', [name], { encoding: 'utf8', timeout: GETCONF_TIMEOUT_MS });
    const value = Number(output.trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}
