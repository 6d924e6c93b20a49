import { invalidArgument } from '../errors.ts';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** Parses a duration such as `90s`, `5m`, `24h` or `7d` into seconds. */
export function parseDuration(field: string, text: string): number {
  const match = /^(\d+)\s*([smhdw])$/.exec(text.trim());
  if (!match) throw invalidArgument(field, text, 'expected a duration such as 30s, 5m, 1h, 24h or 7d');
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  if (seconds <= 0) throw invalidArgument(field, text, 'must be longer than zero');
  return seconds;
}

// Most buckets one series returns; a longer interval is chosen when a request asks for more.
export const MAX_SERIES_BUCKETS = 1_000;

/**
 * Picks the bucket width for a period: the requested one, widened so that the series
 * has at most MAX_SERIES_BUCKETS points, or by default about 100 points on a round width.
 */
export function chooseInterval(periodSeconds: number, requestedSeconds: number | null): number {
  const minimum = Math.ceil(periodSeconds / MAX_SERIES_BUCKETS);
  if (requestedSeconds !== null) return Math.max(requestedSeconds, minimum);
  const target = periodSeconds / 100;
  const steps = [10, 30, 60, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400];
  return steps.find((step) => step >= target) ?? 86_400;
}
