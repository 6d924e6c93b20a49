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

// Maximum number of buckets in one series; a request for more gets a wider interval.
export const MAX_SERIES_BUCKETS = 1_000;
// Maximum window of one series, equal to the retention of host, disk and network series.
export const MAX_SERIES_PERIOD_SECONDS = 31 * 86_400;
const DEFAULT_PERIOD_SECONDS = 3_600;
// Bucket widths picked by default, about 100 points per period. Each one of 5 minutes
// or more is a multiple of a rollup width, so long periods read the rollups.
const ROUND_INTERVALS_SECONDS = [10, 30, 60, 300, 600, 900, 1_800, 3_600, 7_200, 21_600, 43_200, 86_400];
const DEFAULT_POINTS_PER_SERIES = 100;

/**
 * Picks the bucket width for a period: the requested one, widened to a round width when
 * the series would have more than MAX_SERIES_BUCKETS points, or by default the round
 * width that gives about 100 points.
 */
export function chooseInterval(periodSeconds: number, requestedSeconds: number | null): number {
  // Aligning the window on bucket boundaries can add one bucket.
  const minimum = Math.ceil(periodSeconds / (MAX_SERIES_BUCKETS - 1));
  if (requestedSeconds !== null && requestedSeconds >= minimum) return requestedSeconds;
  const target = requestedSeconds === null ? periodSeconds / DEFAULT_POINTS_PER_SERIES : minimum;
  return ROUND_INTERVALS_SECONDS.find((step) => step >= target) ?? 86_400;
}

export type SeriesWindowArgs = {
  from?: Date | null;
  to?: Date | null;
  period?: string | null;
  interval?: string | null;
};
export type SeriesWindow = { from: Date; to: Date; intervalSeconds: number };

/**
 * Turns series arguments into a window of whole buckets: either from (and to, default
 * now) or a period back from now. The window is widened to bucket boundaries, so every
 * bucket covers its full width on the raw and the rollup path alike.
 */
export function resolveSeriesWindow(args: SeriesWindowArgs, now: Date): SeriesWindow {
  if (args.from && args.period) throw invalidArgument('period', args.period, 'give either from/to or period, not both');
  if (args.to && !args.from) throw invalidArgument('to', args.to.toISOString(), 'needs from as well');

  const to = args.to ?? now;
  const from = args.from ?? new Date(to.getTime() - (args.period ? parseDuration('period', args.period) : DEFAULT_PERIOD_SECONDS) * 1_000);
  if (from.getTime() >= to.getTime()) throw invalidArgument('from', from.toISOString(), 'must be before to');
  const periodSeconds = (to.getTime() - from.getTime()) / 1_000;
  if (periodSeconds > MAX_SERIES_PERIOD_SECONDS) {
    // Name the argument the caller gave: a too long period, or a from too far back.
    const maximum = `the window may cover at most ${MAX_SERIES_PERIOD_SECONDS / 86_400} days`;
    if (args.period && !args.from) throw invalidArgument('period', args.period, maximum);
    throw invalidArgument('from', from.toISOString(), maximum);
  }

  const requested = args.interval ? parseDuration('interval', args.interval) : null;
  const intervalSeconds = chooseInterval(periodSeconds, requested);
  return { from: alignDown(from, intervalSeconds), to: alignUp(to, intervalSeconds), intervalSeconds };
}

// Buckets are aligned on 2000-01-03 00:00 UTC, the origin TimescaleDB's time_bucket
// uses for widths under a month, so both backends and the rollups cut the same buckets.
export const BUCKET_ORIGIN = new Date(Date.UTC(2000, 0, 3));
const BUCKET_ORIGIN_MS = BUCKET_ORIGIN.getTime();

export function alignDown(time: Date, intervalSeconds: number): Date {
  const width = intervalSeconds * 1_000;
  return new Date(BUCKET_ORIGIN_MS + Math.floor((time.getTime() - BUCKET_ORIGIN_MS) / width) * width);
}

function alignUp(time: Date, intervalSeconds: number): Date {
  const width = intervalSeconds * 1_000;
  return new Date(BUCKET_ORIGIN_MS + Math.ceil((time.getTime() - BUCKET_ORIGIN_MS) / width) * width);
}
