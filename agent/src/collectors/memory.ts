import { percentOf } from '../counters.ts';
import { parseKeyValueLines, parseKibibytes } from '../procfs.ts';

export type MemoryMetrics = {
  totalBytes: number | null;
  usedBytes: number | null;
  freeBytes: number | null;
  availableBytes: number | null;
  cachedBytes: number | null;
  buffersBytes: number | null;
  usagePercent: number | null;
  swapTotalBytes: number | null;
  swapUsedBytes: number | null;
  swapFreeBytes: number | null;
  swapUsagePercent: number | null;
};

/**
 * Parses /proc/meminfo. Used memory is MemTotal minus MemAvailable, the definition
 * `free` uses since procps-ng 4.0: page cache the kernel can reclaim does not count as used.
 */
export function parseMeminfo(text: string): MemoryMetrics {
  const fields = parseKeyValueLines(text);
  const bytes = (key: string): number | null => parseKibibytes(fields.get(key));

  const totalBytes = bytes('MemTotal');
  const availableBytes = bytes('MemAvailable');
  const usedBytes = totalBytes !== null && availableBytes !== null ? Math.max(0, totalBytes - availableBytes) : null;

  const swapTotalBytes = bytes('SwapTotal');
  const swapFreeBytes = bytes('SwapFree');
  const swapUsedBytes =
    swapTotalBytes !== null && swapFreeBytes !== null ? Math.max(0, swapTotalBytes - swapFreeBytes) : null;

  return {
    totalBytes,
    usedBytes,
    freeBytes: bytes('MemFree'),
    availableBytes,
    cachedBytes: bytes('Cached'),
    buffersBytes: bytes('Buffers'),
    usagePercent: percentOf(usedBytes, totalBytes),
    swapTotalBytes,
    swapUsedBytes,
    swapFreeBytes,
    swapUsagePercent: percentOf(swapUsedBytes, swapTotalBytes),
  };
}
