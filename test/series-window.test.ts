import { describe, expect, it } from 'vitest';
import { resolveSeriesWindow } from '../src/metrics/periods.ts';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const DAY_MS = 86_400_000;

describe('series window', () => {
  it('names period when it is too long', () => {
    expect(() => resolveSeriesWindow({ period: '45d' }, NOW)).toThrow(
      'Invalid period "45d": the window may cover at most 31 days',
    );
  });

  it('names from when it is too far back', () => {
    const from = new Date(NOW.getTime() - 40 * DAY_MS);
    expect(() => resolveSeriesWindow({ from }, NOW)).toThrow(`Invalid from "${from.toISOString()}"`);
  });

  it('defaults to the last hour', () => {
    const window = resolveSeriesWindow({}, NOW);
    expect(window.to.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - window.from.getTime()).toBeGreaterThanOrEqual(3_600_000);
    expect(NOW.getTime() - window.from.getTime()).toBeLessThan(3_600_000 + window.intervalSeconds * 1_000);
  });
});
