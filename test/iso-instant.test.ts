import { describe, expect, it } from 'vitest';
import { formatIsoInstant } from '../src/iso-instant.ts';

describe('formatIsoInstant', () => {
  it('matches toISOString on random instants', () => {
    // Deterministic pseudo-random instants from 1969 to 10001, so failures repeat.
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const date = new Date(Math.floor(-400 * 86_400_000 + next() * 253_500_000_000_000));
      expect(formatIsoInstant(date)).toBe(date.toISOString());
    }
  });

  it.each(['1970-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z', '2028-02-29T12:00:00.001Z', '1969-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z'])(
    'formats %s',
    (text) => {
      expect(formatIsoInstant(new Date(text))).toBe(text);
    },
  );

  it('keeps dates in a row apart', () => {
    const first = new Date('2026-12-04T23:59:59.999Z');
    const second = new Date('2026-12-05T00:00:00.000Z');
    expect([formatIsoInstant(first), formatIsoInstant(second), formatIsoInstant(first)]).toEqual([first.toISOString(), second.toISOString(), first.toISOString()]);
  });

  it('rejects an invalid date as toISOString does', () => {
    expect(() => formatIsoInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});
