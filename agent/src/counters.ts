// Delta math for cumulative kernel and Docker counters. A report carries the change
// over one interval, so a counter that went down must never produce a negative or
// absurd value: either it wrapped at its width, or it was reset (reboot, interface or
// container recreated) and the interval has no valid delta.

const TWO_POW_32 = 2 ** 32;

/**
 * Width of counters the kernel prints as `unsigned long`: 64 bits on 64-bit
 * architectures, 32 bits on 32-bit ones (arm, ia32).
 */
export const UNSIGNED_LONG_BITS: 32 | 64 = ['arm', 'ia32', 'mips', 'mipsel', 'ppc'].includes(process.arch) ? 32 : 64;

/**
 * A decreasing 32-bit counter is taken as wrapped only when the wrapped delta stays
 * below half the range. A reset from a value in the upper half would otherwise look like
 * a wrap, so counters with a known bound (busy milliseconds) pass a tighter `maxDelta`.
 */
const DEFAULT_MAX_WRAPPED_DELTA = TWO_POW_32 / 2;

export type CounterWidth = 32 | 64;

export type CounterDeltaOptions = {
  /** Width of the counter in the kernel (default 64). A 64-bit counter never wraps in practice. */
  widthBits?: CounterWidth;
  /** Largest plausible change over the interval; a larger wrapped delta is a reset. */
  maxDelta?: number;
};

/**
 * Computes `current - previous` for a cumulative counter. Returns null on the first
 * sample, on a reset, and when the counter went down and was not a plausible 32-bit wrap.
 */
export function counterDelta(
  previous: number | null | undefined,
  current: number | null | undefined,
  options: CounterDeltaOptions = {},
): number | null {
  if (previous == null || current == null) {
    return null;
  }
  if (!Number.isFinite(previous) || !Number.isFinite(current)) {
    return null;
  }

  const maxDelta = options.maxDelta ?? Number.POSITIVE_INFINITY;
  if (current >= previous) {
    const delta = current - previous;
    return delta <= maxDelta ? delta : null;
  }

  if (options.widthBits !== 32 || previous >= TWO_POW_32) {
    return null;
  }
  const wrapped = current + TWO_POW_32 - previous;
  const wrapLimit = Math.min(maxDelta, DEFAULT_MAX_WRAPPED_DELTA);
  return wrapped <= wrapLimit ? wrapped : null;
}

/** Parses a decimal counter; null when the text is not a safe non-negative integer. */
export function parseCounter(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

/** Rounds a percentage or ratio to two decimals and clamps it into [min, max]. */
export function roundPercent(value: number, min = 0, max = 100): number {
  const clamped = Math.min(max, Math.max(min, value));
  return Math.round(clamped * 100) / 100;
}

/** Percent of `part` in `whole`; null when the whole is zero or unknown. */
export function percentOf(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) {
    return null;
  }
  return roundPercent((part / whole) * 100);
}
