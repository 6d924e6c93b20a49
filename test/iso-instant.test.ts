import { describe, expect, it } from 'vitest';
import { adminDatabaseUrl } from './helpers/database.ts';
import { formatIsoInstant, isIsoInstantText, isoInstantFromPostgres } from '../src/iso-instant.ts';

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

describe('isoInstantFromPostgres', () => {
  it('matches node-postgres and formatIsoInstant on what PostgreSQL writes', async () => {
    // The same instants through PostgreSQL's own output, in UTC, against pg's Date parser.
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: adminDatabaseUrl() });
    await client.connect();
    try {
      await client.query("SET TimeZone = 'UTC'");
      const { rows } = await client.query<{ text: string }>(
        `SELECT t::text AS text FROM (VALUES ('2026-12-04 10:00:00+00'::timestamptz), ('2026-12-04 10:00:00.1+00'), ('2026-12-04 10:00:00.12+00'),
           ('2026-12-04 10:00:00.123+00'), ('2026-12-04 10:00:00.1234+00'), ('2026-12-04 10:00:00.999999+00'), ('1969-12-31 23:59:59.5+00'),
           ('0050-06-01 00:00:00+00'), ('9999-12-31 23:59:59.999999+00')) AS v(t)`,
      );
      const parseTimestamptz = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;
      for (const { text } of rows) expect(isoInstantFromPostgres(text)).toBe(formatIsoInstant(parseTimestamptz(text)));
      expect(rows.map(({ text }) => text)).toContain('2026-12-04 10:00:00.1234+00');
    } finally {
      await client.end();
    }
  });

  it.each(['2026-12-04 10:00:00+01', '2026-12-04 10:00:00.5-08', '2026-12-04 10:00:00+05:30', '10000-01-01 00:00:00+00', '0001-01-01 00:00:00+00 BC', 'infinity', '-infinity', '2026-12-04 10:00:00.+00', '2026-12-04 10:00:00.1x3+00', '2026-12-04T10:00:00+00'])(
    'leaves %s to the Date parser',
    (text) => {
      expect(isoInstantFromPostgres(text)).toBeNull();
    },
  );
});

describe('isIsoInstantText', () => {
  it.each(['2026-12-04T10:00:00.000Z', '0050-06-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2028-02-29T23:59:59.999Z', '2000-02-29T00:00:00.000Z'])('accepts %s', (text) => {
    expect(isIsoInstantText(text)).toBe(true);
  });

  it.each(['2026-13-01T00:00:00.000Z', '2026-00-01T00:00:00.000Z', '2026-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-12-00T00:00:00.000Z', '2026-12-04T24:00:00.000Z', '2026-12-04T10:60:00.000Z', '2026-12-04T10:00:60.000Z'])(
    'rejects %s, out of range',
    (text) => {
      expect(isIsoInstantText(text)).toBe(false);
    },
  );

  it('accepts every day that toISOString writes', () => {
    // Every day from 1600 to 2400, against the Date that writes it.
    for (let time = Date.UTC(1600, 0, 1); time < Date.UTC(2400, 0, 1); time += 86_400_000) {
      const text = new Date(time + 86_399_999).toISOString();
      expect(isIsoInstantText(text), text).toBe(true);
    }
  });

  it.each(['2026-12-04T10:00:00Z', '2026-12-04T10:00:00.000+00:00', '+010000-01-01T00:00:00.000Z', '2026-12-04 10:00:00.000Z', '2026-12-04T10:00:0x.000Z', 'not an instant at all!!!'])('rejects %s', (text) => {
    expect(isIsoInstantText(text)).toBe(false);
  });
});
